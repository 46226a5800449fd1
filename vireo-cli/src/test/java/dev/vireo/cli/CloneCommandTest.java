package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloneCommandTest {
    @TempDir
    Path dir;

    private FakeDaemon cloningDaemon() throws Exception {
        return new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/clone", 202, Canned.op("running", 0, "snapshotting demo"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200,
                        Canned.op("running", 0.4, "copying disk"),
                        Canned.op("running", 0.8, "copying disk"),
                        Canned.op("success", 1, "done"));
    }

    @Test
    void fullIsTheDefaultAndShowsTheCopyProgress() throws Exception {
        try (FakeDaemon daemon = cloningDaemon()) {
            CliRun run = CliRun.run(new Terminal(false, true), "clone", "demo", "demo2",
                    "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("Cloned demo to demo2 (full)\n");
            assertThat(run.err()).contains("\rCloning demo [=========>              ]  40% copying disk")
                    .contains("\rCloning demo [===================>    ]  80% copying disk")
                    .endsWith("\r\033[K");
            assertThat(daemon.requests.getFirst().body())
                    .isEqualTo("{\"target\":\"demo2\",\"mode\":\"full\",\"snapshot\":null}");
        }
    }

    @Test
    void linkedFromASnapshot() throws Exception {
        try (FakeDaemon daemon = cloningDaemon()) {
            CliRun run = CliRun.against(daemon, "clone", "demo", "t1", "--linked", "--snapshot", "s1");

            assertThat(run.out()).isEqualTo("Cloned demo to t1 (linked)\n");
            assertThat(daemon.requests.getFirst().route()).isEqualTo("POST /v1/instances/demo/clone");
            assertThat(daemon.requests.getFirst().body())
                    .isEqualTo("{\"target\":\"t1\",\"mode\":\"linked\",\"snapshot\":\"s1\"}");
        }
    }

    @Test
    void explicitFullIsSentAsFull() throws Exception {
        try (FakeDaemon daemon = cloningDaemon()) {
            CliRun.against(daemon, "clone", "demo", "demo2", "--full");

            assertThat(daemon.requests.getFirst().body()).contains("\"mode\":\"full\"");
        }
    }

    @Test
    void linkedAndFullAreMutuallyExclusive() throws Exception {
        try (FakeDaemon daemon = cloningDaemon()) {
            CliRun run = CliRun.against(daemon, "clone", "demo", "demo2", "--linked", "--full");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("vireo: error: Error: --linked, --full are mutually exclusive "
                    + "(specify only one)\nTry 'vireo clone --help' for usage.\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void anExistingTargetIsOneLineAndExitFour() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("POST /v1/instances/demo/clone", 409,
                Canned.error("already-exists", "instance web1 already exists"))) {
            CliRun run = CliRun.against(daemon, "clone", "demo", "web1");

            assertThat(run.exit()).isEqualTo(4);
            assertThat(run.err()).isEqualTo("vireo: error: instance web1 already exists\n");
        }
    }

    @Test
    void publishSendsTheAliasAndSnapshot() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/publish", 202, Canned.op("success", 1, "done"))) {
            CliRun run = CliRun.against(daemon, "publish", "demo", "--alias", "demo/v1", "--snapshot", "s1");
            CliRun plain = CliRun.against(daemon, "publish", "demo", "--alias", "golden");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("Published demo as image demo/v1\n");
            assertThat(plain.out()).isEqualTo("Published demo as image golden\n");
            assertThat(daemon.requests).extracting(FakeDaemon.Request::body).containsExactly(
                    "{\"alias\":\"demo/v1\",\"snapshot\":\"s1\"}", "{\"alias\":\"golden\",\"snapshot\":null}");
        }
    }

    @Test
    void publishNeedsAnAlias() {
        CliRun run = CliRun.run("publish", "demo");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("vireo: error: Missing required option: '--alias=ALIAS'\n");
    }
}
