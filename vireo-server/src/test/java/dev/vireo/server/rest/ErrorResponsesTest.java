package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.server.rest.ApiFixture.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error is {code, message} with the status of its ErrorCode. */
class ErrorResponsesTest extends RouteTest {
    private static void assertError(Response r, int status, ErrorCode code, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.fields()).containsOnlyKeys("code", "message");
        assertThat(r.error()).isEqualTo(new ErrorBody(code, message));
    }

    @Test
    void anUnknownInstanceIs404() {
        Response r = api.get("/v1/instances/nope");

        assertError(r, 404, ErrorCode.NOT_FOUND, "instance nope not found");
        assertThat(r.body()).contains("\"code\":\"not-found\"");
    }

    @Test
    void anUnknownEndpointIs404InTheSameShape() {
        Response r = api.get("/v1/nope");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.fields()).containsOnlyKeys("code", "message");
        assertThat(r.error().code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(r.error().message()).contains("GET /v1/nope");
    }

    @Test
    void anUnknownOperationIs404() {
        assertError(api.get("/v1/operations/0000"), 404, ErrorCode.NOT_FOUND, "operation 0000 not found");
    }

    @Test
    void malformedJsonIs400() {
        Response r = api.post("/v1/instances", "{\"name\": \"web1\", ");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(r.error().message()).startsWith("malformed JSON body: ");
    }

    @Test
    void aWrongJsonTypeIs400() {
        Response r = api.post("/v1/instances", "{\"name\": \"web1\", \"image\": \"tiny\", \"cpus\": \"many\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().message()).startsWith("malformed JSON body: ");
    }

    @Test
    void anEmptyBodyIs400() {
        assertError(api.post("/v1/instances", ""), 400, ErrorCode.INVALID_ARGUMENT,
                "request body is empty: expected a JSON LaunchRequest");
    }

    @Test
    void anInvalidNameIs400() {
        Response r = api.post("/v1/instances", "{\"name\": \"Web_1\", \"image\": \"tiny\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(r.error().message()).startsWith("invalid instance name 'Web_1'");
    }

    @Test
    void tooManyCpusIs400InsufficientResources() {
        assertError(api.post("/v1/instances", "{\"name\": \"web1\", \"image\": \"tiny\", \"cpus\": 64}"), 400,
                ErrorCode.INSUFFICIENT_RESOURCES, "64 cpus requested but the host has 4");
    }

    @Test
    void aDuplicateInstanceIs409() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        assertError(api.post("/v1/instances", "{\"name\": \"web1\", \"image\": \"tiny\"}"), 409,
                ErrorCode.ALREADY_EXISTS, "instance web1 already exists");
    }

    @Test
    void anActionTheStateDoesNotAllowIs409() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\", \"start\": false}");

        assertError(api.put("/v1/instances/web1/state", "{\"action\": \"pause\"}"), 409, ErrorCode.INVALID_STATE,
                "instance web1 is stopped; cannot pause");
    }

    @Test
    void deletingARunningInstanceWithoutForceIs409() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        assertError(api.delete("/v1/instances/web1"), 409, ErrorCode.INVALID_STATE,
                "instance web1 is running; stop it first or use --force");
    }

    @Test
    void anUnknownActionIs400() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        assertError(api.put("/v1/instances/web1/state", "{\"action\": \"explode\"}"), 400,
                ErrorCode.INVALID_ARGUMENT, "unknown action 'explode': use start, stop, restart, pause or resume");
        assertError(api.put("/v1/instances/web1/state", "{}"), 400, ErrorCode.INVALID_ARGUMENT,
                "missing action: use start, stop, restart, pause or resume");
        assertError(api.put("/v1/instances/web1/state", "{\"action\": \"stop\", \"timeoutSeconds\": -1}"), 400,
                ErrorCode.INVALID_ARGUMENT, "timeout must not be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "601", "soon", "NaN"})
    void aBadWaitTimeoutIs400(String timeout) {
        String id = api.post("/v1/instances", "{\"name\": \"web1\", \"image\": \"tiny\"}").operation().id();

        Response r = api.get("/v1/operations/" + id + "/wait?timeout=" + timeout);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(r.error().message()).contains("timeout");
    }
}
