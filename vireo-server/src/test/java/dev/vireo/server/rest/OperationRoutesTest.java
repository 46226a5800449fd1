package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.Gate;
import dev.vireo.server.rest.ApiFixture.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationRoutesTest extends RouteTest {
    @Test
    void waitWithATimeoutReturnsTheOperationStillRunning() throws InterruptedException {
        Gate build = api.core.imageStore.holdBuild();
        OperationView op = api.post("/v1/instances", "{\"name\": \"web1\", \"image\": \"debian/12\"}").operation();
        assertThat(build.awaitEntered()).isTrue();

        Response early = api.get("/v1/operations/" + op.id() + "/wait?timeout=0.1");

        assertThat(early.status()).isEqualTo(200);
        assertThat(early.operation().status()).isEqualTo("running");
        assertThat(early.operation().progressText()).isEqualTo("image: building debian/12");
        build.open();
        assertThat(api.waitFor(op).status()).isEqualTo("success");
    }

    @Test
    void aFailedOperationCarriesTheErrorBody() {
        api.core.driver.failOn("start", new VireoException(ErrorCode.INTERNAL, "qemu exited with status 1"));

        OperationView done = api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        assertThat(done.status()).isEqualTo("failure");
        assertThat(done.error()).isEqualTo(new ErrorBody(ErrorCode.INTERNAL, "qemu exited with status 1"));
        assertThat(api.get("/v1/instances/web1").status()).isEqualTo(404);
    }

    @Test
    void anOperationCanBeReadAndListed() {
        OperationView op = api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        Response one = api.get("/v1/operations/" + op.id());
        List<OperationView> all = api.get("/v1/operations").as(new TypeReference<List<OperationView>>() {});

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.operation().id()).isEqualTo(op.id());
        assertThat(one.operation().status()).isEqualTo("success");
        assertThat(all).extracting(OperationView::id).contains(op.id());
    }
}
