package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.LaunchRequest;
import dev.vireo.api.NicRequest;
import dev.vireo.api.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchCommandTest {
    @TempDir
    Path dir;

    private FakeDaemon launchingDaemon() throws Exception {
        return new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances", 202, Canned.op("running", 0, "creating disk"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200,
                        Canned.op("running", 0.3, "creating disk"),
                        Canned.op("running", 0.6, "booting (cloud-init)"),
                        Canned.op("running", -1, "waiting for first boot (1 s)"),
                        Canned.op("running", -1, "waiting for first boot (2 s)"),
                        Canned.op("success", 1, "ready"))
                .on("GET /v1/instances/demo", 200, Canned.DEMO);
    }

    @Test
    void waitsForTheOperationShowingOneLinePerStageWhenStderrIsNotATerminal() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun run = CliRun.run("launch", "debian/12", "demo", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("Launched demo (ssh: ssh -p 40123 debian@127.0.0.1)\n");
            assertThat(run.err()).isEqualTo("""
                    Launching demo: creating disk
                    Launching demo: booting (cloud-init)
                    Launching demo: waiting for first boot
                    Launching demo: ready
                    """);
            assertThat(daemon.routesCalled()).containsExactly("POST /v1/instances",
                    "GET /v1/operations/op1/wait?timeout=1", "GET /v1/operations/op1/wait?timeout=1",
                    "GET /v1/operations/op1/wait?timeout=1", "GET /v1/operations/op1/wait?timeout=1",
                    "GET /v1/operations/op1/wait?timeout=1", "GET /v1/instances/demo");
        }
    }

    @Test
    void drawsABarInPlaceAndErasesItWhenStderrIsATerminal() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun run = CliRun.run(new Terminal(false, true), "launch", "debian/12", "demo",
                    "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            assertThat(run.err()).startsWith("\rLaunching demo [>                       ]   0% creating disk")
                    .contains("\rLaunching demo [==============>         ]  60% booting (cloud-init)")
                    // An unknown (negative) fraction keeps the bar where it was.
                    .contains("\rLaunching demo [==============>         ]  60% waiting for first boot (2 s)")
                    .contains("\rLaunching demo [========================] 100% ready")
                    .endsWith("\r\033[K")
                    .doesNotContain("\n");
        }
    }

    @Test
    void warningsFollowTheErasedBarOnStderr() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances", 202, Canned.op("running", 0, "creating disk"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200, Canned.doneWithWarnings("no KVM: using TCG"))
                .on("GET /v1/instances/demo", 200, Canned.DEMO)) {
            CliRun run = CliRun.run(new Terminal(false, true), "launch", "debian/12", "demo",
                    "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            assertThat(run.err()).endsWith("\r\033[Kvireo: warning: no KVM: using TCG\n");
            assertThat(run.out()).startsWith("Launched demo");
        }
    }

    @Test
    void sendsTheFlagsAndTheFilesContents() throws Exception {
        Path key = Files.writeString(dir.resolve("id.pub"), "ssh-ed25519 AAAAC3 me@laptop\n");
        Path userData = Files.writeString(dir.resolve("user-data"), "#cloud-config\nruncmd: [touch, /x]\n");
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun run = CliRun.run("launch", "debian/12", "demo", "--cpus", "2", "--memory", "1GiB",
                    "--disk", "20G", "--ssh-key", key.toString(), "--user-data", userData.toString(),
                    "--accel", "TCG", "--no-wait", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            LaunchRequest sent = Json.mapper().readValue(daemon.requests.getFirst().body(), LaunchRequest.class);
            assertThat(sent).isEqualTo(new LaunchRequest("demo", "debian/12", 2, "1GiB", "20G",
                    java.util.List.of("ssh-ed25519 AAAAC3 me@laptop"), "#cloud-config\nruncmd: [touch, /x]\n",
                    "tcg", true, false));
        }
    }

    @Test
    void volumeFlagsBecomeVolumeMountsOnLaunchAndCreate() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun launch = CliRun.against(daemon, "launch", "debian/12", "demo", "--volume", "data:/data",
                    "--volume", "logs");
            CliRun create = CliRun.against(daemon, "create", "debian/12", "demo", "--volume", "data:/srv/data");

            assertThat(launch.exit()).isZero();
            assertThat(create.exit()).isZero();
            List<LaunchRequest> sent = daemon.requests.stream().filter(r -> r.route().equals("POST /v1/instances"))
                    .map(r -> read(r.body())).toList();
            assertThat(sent.get(0).volumes()).containsExactly(new LaunchRequest.VolumeMount("data", "/data"),
                    new LaunchRequest.VolumeMount("logs", null));
            assertThat(sent.get(1).volumes()).containsExactly(new LaunchRequest.VolumeMount("data", "/srv/data"));
            assertThat(daemon.requests.getFirst().body()).contains(
                    "\"volumes\":[{\"volume\":\"data\",\"mount\":\"/data\"},{\"volume\":\"logs\",\"mount\":null}]");
        }
    }

    @Test
    void aMalformedVolumeFlagIsAUsageErrorAndSendsNothing() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun run = CliRun.against(daemon, "launch", "debian/12", "demo", "--volume", "data:");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("vireo: error: --volume 'data:': use VOL or VOL:/mount/path\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void aMissingVolumeFailsTheLaunchWithExitThree() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances", 404, Canned.error("not-found", "volume data not found"))) {
            CliRun run = CliRun.against(daemon, "launch", "debian/12", "demo", "--volume", "data:/data");

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).isEqualTo("vireo: error: volume data not found\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void networkFlagsBecomeNicsInOrderOnLaunchAndCreate() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun launch = CliRun.against(daemon, "launch", "debian/12", "demo",
                    "--network", "lan,ip=10.30.0.10,mac=52:54:00:12:34:56,secgroup=web,secgroup=ssh",
                    "--network", "user", "--seed", "metadata");
            CliRun create = CliRun.against(daemon, "create", "debian/12", "demo", "--network", "backend",
                    "--seed", "ISO");

            assertThat(launch.exit()).isZero();
            assertThat(create.exit()).isZero();
            List<LaunchRequest> sent = daemon.requests.stream().filter(r -> r.route().equals("POST /v1/instances"))
                    .map(r -> read(r.body())).toList();
            assertThat(sent.get(0).networks()).containsExactly(
                    new NicRequest("lan", "10.30.0.10", "52:54:00:12:34:56", List.of("web", "ssh")),
                    new NicRequest("user", null, null, null));
            assertThat(sent.get(0).seed()).isEqualTo("metadata");
            assertThat(sent.get(1).networks()).containsExactly(new NicRequest("backend", null, null, null));
            assertThat(sent.get(1).seed()).isEqualTo("iso");
            assertThat(daemon.requests.getFirst().body()).endsWith("\"networks\":[{\"network\":\"lan\","
                    + "\"ip\":\"10.30.0.10\",\"mac\":\"52:54:00:12:34:56\",\"securityGroups\":[\"web\",\"ssh\"]},"
                    + "{\"network\":\"user\",\"ip\":null,\"mac\":null,\"securityGroups\":null}],"
                    + "\"seed\":\"metadata\"}");
        }
    }

    @Test
    void withoutNetworkOrSeedFlagsTheDaemonsDefaultsApply() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun run = CliRun.against(daemon, "launch", "debian/12", "demo");

            assertThat(run.exit()).isZero();
            assertThat(daemon.requests.getFirst().body()).endsWith("\"networks\":null,\"seed\":null}");
        }
    }

    @Test
    void aMalformedNetworkOrSeedFlagIsAUsageErrorAndSendsNothing() throws Exception {
        String usage = " (use NAME[,ip=ADDRESS][,mac=MAC][,secgroup=GROUP]...)\n";
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun unknown = CliRun.against(daemon, "launch", "debian/12", "demo", "--network", "lan,vlan=5");
            CliRun noName = CliRun.against(daemon, "launch", "debian/12", "demo", "--network", "ip=10.0.0.5");
            CliRun empty = CliRun.against(daemon, "create", "debian/12", "demo", "--network", "lan,secgroup=");
            CliRun twice = CliRun.against(daemon, "launch", "debian/12", "demo", "--network",
                    "lan,ip=1.2.3.4,ip=1.2.3.5");
            CliRun bare = CliRun.against(daemon, "launch", "debian/12", "demo", "--network", "lan,mac");
            CliRun seed = CliRun.against(daemon, "launch", "debian/12", "demo", "--seed", "cdrom");
            CliRun userOnly = CliRun.against(daemon, "launch", "debian/12", "demo", "--network", "user",
                    "--seed", "metadata");

            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).isEqualTo("vireo: error: --network 'lan,vlan=5': unknown key 'vlan'" + usage);
            assertThat(noName.err()).isEqualTo("vireo: error: --network 'ip=10.0.0.5': it starts with the network name"
                    + usage);
            assertThat(empty.exit()).isEqualTo(2);
            assertThat(empty.err()).isEqualTo("vireo: error: --network 'lan,secgroup=': secgroup has no value" + usage);
            assertThat(twice.err()).isEqualTo("vireo: error: --network 'lan,ip=1.2.3.4,ip=1.2.3.5': ip given twice"
                    + usage);
            assertThat(bare.err()).isEqualTo("vireo: error: --network 'lan,mac': mac has no value" + usage);
            assertThat(seed.exit()).isEqualTo(2);
            assertThat(seed.err()).isEqualTo("vireo: error: --seed must be iso or metadata, not 'cdrom'\n");
            assertThat(userOnly.err())
                    .isEqualTo("vireo: error: --seed metadata needs a NIC on a managed network, not only user\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    private static LaunchRequest read(String json) {
        try {
            return Json.mapper().readValue(json, LaunchRequest.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void createDoesNotStartAndSaysCreated() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            CliRun run = CliRun.run("create", "debian/12", "demo", "--socket", daemon.socket.toString());

            assertThat(run.out()).isEqualTo("Created demo\n");
            assertThat(daemon.requests.getFirst().body()).contains("\"start\":false");
        }
    }

    @Test
    void unreadableFileIsAClearErrorAndSendsNothing() throws Exception {
        try (FakeDaemon daemon = launchingDaemon()) {
            Path missing = dir.resolve("nope.pub");
            CliRun run = CliRun.run("launch", "debian/12", "demo", "--ssh-key", missing.toString(),
                    "--socket", daemon.socket.toString());

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("vireo: error: cannot read --ssh-key " + missing + ": no such file\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void privateKeyIsRefused() throws Exception {
        Path key = Files.writeString(dir.resolve("id"), "-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n");
        CliRun run = CliRun.run("launch", "debian/12", "demo", "--ssh-key", key.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is a private key; pass the public one");
    }

    @Test
    void failedOperationExitsWithItsErrorCode() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances", 202, Canned.op("running", 0, "creating disk"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200,
                        Canned.failedOp("timeout", "demo did not finish first boot within 300s"))) {
            CliRun run = CliRun.run("launch", "debian/12", "demo", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isEqualTo(9);
            assertThat(run.err()).endsWith("vireo: error: demo did not finish first boot within 300s\n");
            assertThat(run.out()).isEmpty();
        }
    }
}
