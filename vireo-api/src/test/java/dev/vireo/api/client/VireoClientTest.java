package dev.vireo.api.client;

import static dev.vireo.api.client.FakeDaemon.chunked;
import static dev.vireo.api.client.FakeDaemon.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.AttachRequest;
import dev.vireo.api.BackupRequest;
import dev.vireo.api.BackupView;
import dev.vireo.api.CloneRequest;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.ExportRequest;
import dev.vireo.api.HostInfo;
import dev.vireo.api.InstanceImportRequest;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.PoolRequest;
import dev.vireo.api.PublishRequest;
import dev.vireo.api.RestoreRequest;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.SnapshotView;
import dev.vireo.api.VireoException;
import dev.vireo.api.VolumeRequest;
import dev.vireo.api.VolumeUpdateRequest;
import dev.vireo.api.VolumeView;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VireoClientTest {
    static final String HOST = """
            {"hostname":"h1","cpuModel":"Xeon","cores":4,"memoryBytes":8589934592,"lm":true,"vmx":false,
             "svm":false,"hypervisor":true,"kvmDevice":true,"kvmUsable":false,"accelerator":"tcg",
             "reason":"CPU flags lack vmx/svm","cgroupMode":"hybrid","qemuVersion":"8.2","qemuImgVersion":"8.2",
             "vireoVersion":"0.1.0","stateDir":"/var/lib/vireo","someFutureField":1}""";
    static final String INSTANCE = """
            {"name":"démo","uuid":"u1","type":"vm","status":"Running","image":"debian/12","cpus":2,
             "memoryBytes":1073741824,"diskBytes":0,"addresses":["10.0.0.2"],
             "ssh":{"host":"127.0.0.1","port":40123,"user":"debian"},"createdAt":"2025-01-02T03:04:05Z"}""";

    @TempDir
    Path dir;

    @Test
    void readsContentLengthBodyAndSendsAMinimalRequest() throws IOException {
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> json(200, HOST))) {
            HostInfo host = VireoClient.unix(daemon.socket).host();

            assertThat(host.accelerator()).isEqualTo("tcg");
            assertThat(host.memoryBytes()).isEqualTo(8589934592L);
            FakeDaemon.Request request = daemon.requests.getFirst();
            assertThat(request.method() + " " + request.target()).isEqualTo("GET /v1/host");
            assertThat(request.headers()).containsEntry("host", "localhost").containsEntry("connection", "close");
        }
    }

    @Test
    void speaksTheSameOverTcp() throws IOException {
        try (FakeDaemon daemon = FakeDaemon.tcp(r -> chunked(200, HOST))) {
            assertThat(VireoClient.tcp("127.0.0.1", daemon.port()).host().hostname()).isEqualTo("h1");
            assertThat(daemon.requests.getFirst().headers()).containsEntry("host", "127.0.0.1:" + daemon.port());
        }
    }

    @Test
    void readsChunkedBodySplitAnywhere() throws IOException {
        String body = "[" + INSTANCE + "]";
        int cut = body.indexOf("Running");
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"),
                r -> chunked(200, body.substring(0, cut), body.substring(cut, cut + 3), body.substring(cut + 3)))) {
            List<InstanceView> instances = VireoClient.unix(daemon.socket).instances();

            assertThat(instances).singleElement().satisfies(i -> {
                assertThat(i.name()).isEqualTo("démo");
                assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING);
                assertThat(i.ssh().port()).isEqualTo(40123);
            });
        }
    }

    @Test
    void readsBodyUntilCloseWhenNoLengthIsGiven() throws IOException {
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"),
                r -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nline 1\nline 2\n")) {
            assertThat(VireoClient.unix(daemon.socket).consoleLog("demo")).isEqualTo("line 1\nline 2\n");
            assertThat(daemon.requests.getFirst().target()).isEqualTo("/v1/instances/demo/console/log");
        }
    }

    @Test
    void errorBodyBecomesVireoException() throws IOException {
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"),
                r -> json(404, "{\"code\":\"not-found\",\"message\":\"instance web1 not found\"}"))) {
            assertThatThrownBy(() -> VireoClient.unix(daemon.socket).instance("web1"))
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                        assertThat(e.getMessage()).isEqualTo("instance web1 not found");
                    });
        }
    }

    @Test
    void errorWithoutErrorBodyTakesItsCodeFromTheStatus() throws IOException {
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"),
                r -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n\r\noops\n")) {
            assertThatThrownBy(() -> VireoClient.unix(daemon.socket).host())
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo("the vireo daemon answered HTTP 503 Service Unavailable: oops");
                    });
        }
    }

    @Test
    void missingSocketSaysHowToStartTheDaemon() {
        Path socket = dir.resolve("missing.sock");
        assertThatThrownBy(() -> VireoClient.unix(socket).host())
                .isInstanceOfSatisfying(VireoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("cannot reach the vireo daemon at " + socket
                            + ": is it running? Start it with: vireo daemon");
                });
    }

    @Test
    void refusedSocketIsUnavailable() throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        } // The file stays behind with nobody listening, as after a daemon crash.
        assertThatThrownBy(() -> VireoClient.unix(socket).instances())
                .isInstanceOfSatisfying(VireoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("cannot reach the vireo daemon at " + socket);
                });
    }

    @Test
    void refusedTcpPortIsUnavailable() {
        assertThatThrownBy(() -> VireoClient.tcp("127.0.0.1", 1).host())
                .isInstanceOfSatisfying(VireoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("cannot reach the vireo daemon at 127.0.0.1:1:");
                });
    }

    @Test
    void connectionDroppedMidBodyIsUnavailable() throws IOException {
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"),
                r -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{\"na")) {
            assertThatThrownBy(() -> VireoClient.unix(daemon.socket).instances())
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).startsWith("lost the connection to the vireo daemon");
                    });
        }
    }

    @Test
    void postsJsonAndEncodesPaths() throws IOException {
        String op = "{\"id\":\"op1\",\"description\":\"launch\",\"status\":\"running\",\"progress\":0}";
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> json(202, op))) {
            VireoClient client = VireoClient.unix(daemon.socket);
            client.launch(new LaunchRequest("demo", "debian/12", 2, "1GiB", null, List.of("ssh-ed25519 AAA"),
                    null, "auto", true, false));
            client.image("debian/12");
            client.delete("a b", true);
            client.waitOperation("op1", Duration.ofMillis(1500));

            FakeDaemon.Request launch = daemon.requests.getFirst();
            assertThat(launch.method()).isEqualTo("POST");
            assertThat(launch.headers()).containsEntry("content-type", "application/json");
            assertThat(launch.body()).contains("\"name\":\"demo\"", "\"memory\":\"1GiB\"", "\"waitReady\":false");
            assertThat(daemon.requests).extracting(FakeDaemon.Request::target).containsExactly("/v1/instances",
                    "/v1/images/debian/12", "/v1/instances/a%20b?force=true", "/v1/operations/op1/wait?timeout=2");
        }
    }

    @Test
    void snapshotCloneAndTransferMethodsUseTheirRoutesAndBodies() throws IOException {
        String op = "{\"id\":\"op1\",\"status\":\"running\",\"progress\":0,\"warnings\":[\"no sound card\"]}";
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> json(202, op))) {
            VireoClient client = VireoClient.unix(daemon.socket);
            OperationView created = client.createSnapshot("a b", new SnapshotRequest("s1", true));
            client.deleteSnapshot("a b", "s1");
            client.restoreSnapshot("a b", "s1");
            client.cloneInstance("a b", new CloneRequest("c", "linked", null));
            client.publish("a b", new PublishRequest("mine/1", "s1"));
            client.exportInstance("a b", new ExportRequest("/tmp/a.ova"));
            client.importInstance(new InstanceImportRequest("/tmp/a.ova", "a"));

            assertThat(created.warnings()).containsExactly("no sound card");
            assertThat(daemon.requests).extracting(r -> r.method() + " " + r.target() + " " + r.body()).containsExactly(
                    "POST /v1/instances/a%20b/snapshots {\"name\":\"s1\",\"memory\":true}",
                    "DELETE /v1/instances/a%20b/snapshots/s1 ",
                    "POST /v1/instances/a%20b/snapshots/s1/restore {}",
                    "POST /v1/instances/a%20b/clone {\"target\":\"c\",\"mode\":\"linked\",\"snapshot\":null}",
                    "POST /v1/instances/a%20b/publish {\"alias\":\"mine/1\",\"snapshot\":\"s1\"}",
                    "POST /v1/instances/a%20b/export {\"path\":\"/tmp/a.ova\"}",
                    "POST /v1/instances-import {\"source\":\"/tmp/a.ova\",\"name\":\"a\"}");
        }
    }

    @Test
    void readsSnapshotsAndEncodesTheirNames() throws IOException {
        String snap = """
                {"name":"before upgrade","instance":"a b","memory":true,"live":false,"sizeBytes":1048576,
                 "clones":["c1"],"createdAt":"2025-01-02T03:04:05Z"}""";
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"),
                r -> json(200, r.target().endsWith("/snapshots") ? "[" + snap + "]" : snap))) {
            VireoClient client = VireoClient.unix(daemon.socket);

            assertThat(client.snapshots("a b")).containsExactly(new SnapshotView("before upgrade", "a b", true, false,
                    1048576, List.of("c1"), Instant.parse("2025-01-02T03:04:05Z")));
            assertThat(client.snapshot("a b", "before upgrade").clones()).containsExactly("c1");
            assertThat(daemon.requests).extracting(FakeDaemon.Request::target).containsExactly(
                    "/v1/instances/a%20b/snapshots", "/v1/instances/a%20b/snapshots/before%20upgrade");
            assertThatThrownBy(() -> client.snapshot("a", " "))
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).isEqualTo("snapshot name is empty");
                    });
        }
    }

    @Test
    void poolAndVolumeMethodsUseTheirRoutesAndBodies() throws IOException {
        String volume = """
                {"name":"data","pool":"default","sizeBytes":10737418240,"allocatedBytes":0,"instance":"web 1",
                 "device":"/dev/disk/by-id/virtio-data","mount":"/data","snapshots":["s1"],
                 "createdAt":"2025-01-02T03:04:05Z"}""";
        String pool = "{\"name\":\"fast\",\"driver\":\"lvm-thin\",\"source\":\"vg0/thin\",\"volumes\":0}";
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> r.method().equals("DELETE")
                && !r.target().contains("snapshots") && !r.target().startsWith("/v1/instances") ? json(204, "")
                : json(200, r.target().startsWith("/v1/storage-pools") ? pool : volume))) {
            VireoClient client = VireoClient.unix(daemon.socket);
            client.createPool(new PoolRequest("fast", "lvm-thin", "vg0/thin"));
            client.pool("fast");
            client.deletePool("fast");
            client.createVolume(new VolumeRequest("data", "10GiB", null, null, null));
            client.createVolume(new VolumeRequest("copy", null, null, "data", "s1"));
            client.resizeVolume("data", new VolumeUpdateRequest("20GiB"));
            client.createVolumeSnapshot("data", "s 2");
            client.deleteVolumeSnapshot("data", "s 2");
            client.restoreVolumeSnapshot("data", "s1");
            VolumeView attached = client.attachVolume("web 1", new AttachRequest("data"));
            client.detachVolume("web 1", "data", Duration.ofMillis(4500));
            client.detachVolume("web 1", "data", null);
            client.deleteVolume("data");

            assertThat(attached).isEqualTo(new VolumeView("data", "default", 10737418240L, 0, "web 1",
                    "/dev/disk/by-id/virtio-data", "/data", List.of("s1"), Instant.parse("2025-01-02T03:04:05Z")));
            assertThat(daemon.requests).extracting(r -> r.method() + " " + r.target() + " " + r.body()).containsExactly(
                    "POST /v1/storage-pools {\"name\":\"fast\",\"driver\":\"lvm-thin\",\"source\":\"vg0/thin\"}",
                    "GET /v1/storage-pools/fast ",
                    "DELETE /v1/storage-pools/fast ",
                    "POST /v1/volumes {\"name\":\"data\",\"size\":\"10GiB\",\"pool\":null,\"source\":null,"
                            + "\"snapshot\":null}",
                    "POST /v1/volumes {\"name\":\"copy\",\"size\":null,\"pool\":null,\"source\":\"data\","
                            + "\"snapshot\":\"s1\"}",
                    "PATCH /v1/volumes/data {\"size\":\"20GiB\"}",
                    "POST /v1/volumes/data/snapshots {\"name\":\"s 2\",\"memory\":null}",
                    "DELETE /v1/volumes/data/snapshots/s%202 ",
                    "POST /v1/volumes/data/snapshots/s1/restore {}",
                    "POST /v1/instances/web%201/volumes {\"volume\":\"data\"}",
                    "DELETE /v1/instances/web%201/volumes/data?timeout=5 ",
                    "DELETE /v1/instances/web%201/volumes/data ",
                    "DELETE /v1/volumes/data ");
        }
    }

    @Test
    void backupMethodsEncodeTheirQueryValues() throws IOException {
        String op = "{\"id\":\"op1\",\"status\":\"running\",\"progress\":0}";
        String backups = """
                [{"instance":"demo","file":"/b/demo/demo-1.qcow2","incremental":true,"base":"/b/demo/demo-0.qcow2",
                  "sizeBytes":65536,"diskBytes":1073741824,"createdAt":"2025-01-02T03:04:05Z"}]""";
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> switch (r.method()) {
            case "GET" -> json(200, backups);
            case "DELETE" -> json(204, "");
            default -> json(202, op);
        })) {
            VireoClient client = VireoClient.unix(daemon.socket);
            client.createBackup("demo", new BackupRequest(true));
            List<BackupView> all = client.backups(null);
            client.backups("a b");
            client.restoreBackup(new RestoreRequest("/b/demo/demo-1.qcow2", "demo2"));
            client.deleteBackup("/b/my backups/d&1.qcow2");

            assertThat(all).singleElement().satisfies(b -> {
                assertThat(b.incremental()).isTrue();
                assertThat(b.base()).isEqualTo("/b/demo/demo-0.qcow2");
            });
            assertThat(daemon.requests).extracting(r -> r.method() + " " + r.target() + " " + r.body()).containsExactly(
                    "POST /v1/instances/demo/backups {\"incremental\":true}",
                    "GET /v1/backups ",
                    "GET /v1/backups?instance=a+b ",
                    "POST /v1/backups/restore {\"file\":\"/b/demo/demo-1.qcow2\",\"name\":\"demo2\"}",
                    "DELETE /v1/backups?file=%2Fb%2Fmy+backups%2Fd%261.qcow2 ");
            assertThatThrownBy(() -> client.deleteBackup(" "))
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).isEqualTo("backup file is empty");
                    });
        }
    }

    @Test
    void awaitReportsEachStateAndThrowsAFailure() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> json(200, polls.incrementAndGet() < 2
                ? "{\"id\":\"op1\",\"status\":\"running\",\"progress\":0.5,\"progressText\":\"booting\"}"
                : "{\"id\":\"op1\",\"status\":\"failure\",\"progress\":0.5,"
                        + "\"error\":{\"code\":\"timeout\",\"message\":\"demo did not finish first boot\"}}"))) {
            List<String> seen = new ArrayList<>();
            OperationView start = new OperationView("op1", "launch", "running", 0, "queued", null, null, null, null, null);

            assertThatThrownBy(() -> VireoClient.unix(daemon.socket).await(start, op -> seen.add(op.status())))
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("demo did not finish first boot");
                    });
            assertThat(seen).containsExactly("running", "running", "failure");
        }
    }

    @Test
    void eventsReadsServerSentEventsUntilTheStreamEnds() throws IOException {
        String stream = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(": keep-alive\n\n")
                + chunk("event: message\ndata: {\"type\":\"instance-created\",\"resource\":\"demo\",")
                + chunk("\"time\":\"2025-01-02T03:04:05Z\"}\n\n")
                + chunk("data: {\"type\":\"instance-status\",\r\ndata: \"resource\":\"demo\",\"status\":\"Running\"}\r\n\r\n")
                + "0\r\n\r\n";
        try (FakeDaemon daemon = FakeDaemon.raw(dir.resolve("d.sock"), r -> stream)) {
            List<String> events = new ArrayList<>();
            VireoClient.unix(daemon.socket).events(e -> events.add(e.type() + " " + e.resource() + " " + e.status()));

            assertThat(events).containsExactly("instance-created demo null", "instance-status demo Running");
            assertThat(daemon.requests.getFirst().headers()).containsEntry("accept", "text/event-stream");
        }
    }

    @Test
    void eventsReturnsWhenTheThreadIsInterrupted() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"), (request, out) -> {
            FakeDaemon.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk("data: {\"type\":\"instance-deleted\"}\n\n"));
            try {
                Thread.sleep(Duration.ofMinutes(1)); // Holds the stream open like a live daemon.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            List<String> events = new ArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> VireoClient.unix(daemon.socket).events(e -> {
                synchronized (events) {
                    events.add(e.type());
                    events.notifyAll();
                }
            }));
            synchronized (events) {
                while (events.isEmpty()) {
                    events.wait();
                }
            }
            reader.interrupt();
            reader.join(Duration.ofSeconds(10));

            assertThat(reader.isAlive()).isFalse();
            assertThat(events).containsExactly("instance-deleted");
        }
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length) + "\r\n" + text
                + "\r\n";
    }
}
