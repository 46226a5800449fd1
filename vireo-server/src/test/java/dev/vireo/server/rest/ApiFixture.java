package dev.vireo.server.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vireo.api.ErrorBody;
import dev.vireo.api.HostInfo;
import dev.vireo.api.OperationView;
import dev.vireo.core.fakes.FakeCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The REST API on an ephemeral loopback port over the core fakes, and a small JSON HTTP client for it. */
final class ApiFixture implements AutoCloseable {
    static final HostInfo HOST = new HostInfo("testhost", "Fake CPU", 4, 8L << 30, true, false, false, true, true,
            false, "tcg", "CPU flags lack vmx and svm", "hybrid (v1 + v2)", "QEMU 9.9.9", "qemu-img 9.9.9", "0.1.0",
            "/tmp/vireo");

    /** A response: status, content type and body text. */
    record Response(int status, String contentType, String body) {
        <T> T as(Class<T> type) {
            try {
                return Json.MAPPER.readValue(body, type);
            } catch (IOException e) {
                throw new AssertionError("not a " + type.getSimpleName() + ": " + body, e);
            }
        }

        <T> T as(TypeReference<T> type) {
            try {
                return Json.MAPPER.readValue(body, type);
            } catch (IOException e) {
                throw new AssertionError("unexpected body: " + body, e);
            }
        }

        ErrorBody error() {
            return as(ErrorBody.class);
        }

        Map<String, Object> fields() {
            return as(new TypeReference<Map<String, Object>>() {});
        }

        OperationView operation() {
            return as(OperationView.class);
        }
    }

    final FakeCore core;
    final ApiServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;

    ApiFixture(Path dir) {
        core = new FakeCore(dir);
        server = ApiServer.start(new ApiServer.Resources(new HostResource(() -> HOST), new ImageResource(core.images),
                new InstanceResource(core.instances), new SnapshotResource(core.instances.snapshots()),
                new OperationResource(core.operations),
                new EventResource(core.events), new S3KeyResource(dev.vireo.s3.auth.AccessKeys.open(
                        dir.resolve("s3-keys"))), new VolumeResource(core.instances.volumes()),
                new BackupResource(core.instances.backups()),
                new NetworkResource(core.instances.networks())), null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        base = URI.create("http://127.0.0.1:" + server.tcpPort());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build());
    }

    Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)).build());
    }

    Response patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString(json)).build());
    }

    Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Launches through the API and waits for the operation; returns the finished operation. */
    OperationView launch(String json) {
        Response accepted = post("/v1/instances", json);
        if (accepted.status() != 202) {
            throw new AssertionError("launch refused: " + accepted);
        }
        return waitFor(accepted.operation());
    }

    OperationView waitFor(OperationView op) {
        Response done = get("/v1/operations/" + op.id() + "/wait?timeout=10");
        if (done.status() != 200) {
            throw new AssertionError("wait failed: " + done);
        }
        return done.operation();
    }

    Response send(HttpRequest request) {
        try {
            var r = http.send(request, BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        server.close();
    }
}
