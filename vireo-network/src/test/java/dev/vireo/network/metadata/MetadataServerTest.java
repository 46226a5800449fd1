package dev.vireo.network.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.network.InstanceMetadata;
import dev.vireo.core.network.MetadataSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetadataServerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    /** Knows only the instance at 127.0.0.1, as the daemon knows only its own guests. */
    private static final MetadataSource SAMPLE_AT_LOOPBACK =
            ip -> ip.equals("127.0.0.1") ? Optional.of(MetadataDocumentsTest.SAMPLE) : Optional.empty();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetadataServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? BodyPublishers.ofString("x") : BodyPublishers.noBody())
                .build();
        return client.send(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void servesEc2Documents() throws Exception {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);
        assertThat(server.port()).isPositive();

        HttpResponse<String> id = get("/latest/meta-data/instance-id");
        assertThat(id.statusCode()).isEqualTo(200);
        assertThat(contentType(id)).isEqualTo("text/plain");
        assertThat(id.body()).isEqualTo("6f1e3c1a-9b7d-4c55-8a2e-0d4b2c1e9f00");

        assertThat(get("/").body()).isEqualTo("2009-04-04\nlatest");
        assertThat(get("//latest//meta-data").body()).startsWith("instance-id\nhostname\n");
        assertThat(get("/latest/meta-data/public-keys/0/openssh-key").body())
                .isEqualTo(MetadataDocumentsTest.KEY0 + "\n");
        assertThat(get("/latest/meta-data/hostname?token=1").body()).isEqualTo("web1");
        assertThat(get("/2009-04-04/user-data").body()).isEqualTo(MetadataDocumentsTest.USER_DATA);
    }

    @Test
    void servesOpenStackDocuments() throws Exception {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);

        assertThat(get("/openstack").body()).endsWith("2018-08-27\nlatest");
        HttpResponse<String> md = get("/openstack/2018-08-27/meta_data.json");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(contentType(md)).isEqualTo("application/json");
        assertThat(md.body()).startsWith("{\"uuid\":\"6f1e3c1a-9b7d-4c55-8a2e-0d4b2c1e9f00\"");
        assertThat(get("/openstack/latest/network_data.json").body()).contains("\"type\":\"ipv4_dhcp\"");
    }

    @Test
    void headSendsHeadersOnly() throws Exception {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);
        HttpResponse<String> head = send("HEAD", "/latest/meta-data/hostname");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(contentType(head)).isEqualTo("text/plain");
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/latest/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathAndMissingUserDataAre404() throws Exception {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);
        HttpResponse<String> unknown = get("/latest/meta-data/iam/");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("not found\n");
    }

    @Test
    void missingUserDataIs404() throws Exception {
        server = MetadataServer.start(ip -> Optional.of(MetadataDocumentsTest.BARE), LOOPBACK);
        assertThat(get("/latest/user-data").statusCode()).isEqualTo(404);
        assertThat(get("/openstack/latest/user_data").statusCode()).isEqualTo(404);
        assertThat(get("/openstack/latest/meta_data.json").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownSourceAddressGets404AndNoData() throws Exception {
        server = MetadataServer.start(ip -> Optional.empty(), LOOPBACK);
        for (String path : new String[] {"/", "/latest/meta-data/instance-id", "/openstack/latest/meta_data.json"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo("no instance at 127.0.0.1\n");
        }
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> response = send(method, "/latest/meta-data/instance-id");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void dotDotIsRejected() throws Exception {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);
        for (String path : new String[] {"/latest/meta-data/../user-data", "/latest/%2e%2e/latest/user-data",
                "/openstack/latest/./meta_data.json"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).isEqualTo("bad path\n");
        }
    }

    @Test
    void cannotBindIsOneLineVireoException() {
        server = MetadataServer.start(SAMPLE_AT_LOOPBACK, LOOPBACK);
        InetSocketAddress taken = new InetSocketAddress("127.0.0.1", server.port());
        assertThatThrownBy(() -> MetadataServer.start(SAMPLE_AT_LOOPBACK, taken))
                .isInstanceOfSatisfying(VireoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("cannot bind metadata service to 127.0.0.1:" + server.port())
                            .doesNotContain("\n");
                });
    }
}
