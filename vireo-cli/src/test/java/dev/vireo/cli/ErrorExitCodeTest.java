package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorExitCodeTest {
    @TempDir
    Path dir;

    @Test
    void daemonErrorPrintsOneLineAndExitsWithItsCode() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/instances/web1", 404, Canned.error("not-found", "instance web1 not found"))) {
            CliRun run = CliRun.run("info", "web1", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).isEqualTo("vireo: error: instance web1 not found\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void invalidStateExitsFive() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("PUT /v1/instances/web1/state", 409,
                Canned.error("invalid-state", "instance web1 is stopped; cannot pause"))) {
            CliRun run = CliRun.run("pause", "web1", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err()).isEqualTo("vireo: error: instance web1 is stopped; cannot pause\n");
            assertThat(daemon.requests.getFirst().body()).isEqualTo("{\"action\":\"pause\",\"timeoutSeconds\":null,"
                    + "\"force\":null}");
        }
    }

    @Test
    void unreachableDaemonExitsEight() {
        Path socket = dir.resolve("missing.sock");
        CliRun run = CliRun.run("list", "--socket", socket.toString());

        assertThat(run.exit()).isEqualTo(8);
        assertThat(run.err()).isEqualTo("vireo: error: cannot reach the vireo daemon at " + socket
                + ": is it running? Start it with: vireo daemon\n");
    }

    @Test
    void usageErrorExitsTwoWithAHint() {
        CliRun run = CliRun.run("launch", "debian/12");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("vireo: error: Missing required parameter: 'NAME'\n"
                + "Try 'vireo launch --help' for usage.\n");
    }

    @Test
    void unknownVerbExitsTwo() {
        CliRun run = CliRun.run("frobnicate");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("vireo: error: Unmatched argument at index 0: 'frobnicate'\n")
                .endsWith("Try 'vireo --help' for usage.\n");
    }

    @Test
    void badFlagValueIsCaughtBeforeAnyRequest() {
        CliRun run = CliRun.run("launch", "debian/12", "demo", "--memory", "lots", "--socket",
                dir.resolve("none.sock").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(
                "vireo: error: --memory: invalid size 'lots' (use e.g. 512MiB, 2GiB, 20G)\n");
    }

    @Test
    void verbsAndGroupsHaveHelp() {
        assertThat(CliRun.run("help", "launch").out()).startsWith("Usage: vireo launch ");
        assertThat(CliRun.run("image", "build", "--help").out()).startsWith("Usage: vireo image build ");
        assertThat(CliRun.run("image", "help", "import").out()).contains("--sha256=HEX");
        CliRun bare = CliRun.run("image");
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("Commands:", "build", "import");
    }

    @Test
    void severalNamesContinuePastAFailureAndExitWithItsCode() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("PUT /v1/instances/a/state", 404, Canned.error("not-found", "instance a not found"))
                .on("PUT /v1/instances/b/state", 202, Canned.op("success", 1, "stopped"))) {
            CliRun run = CliRun.run("stop", "a", "b", "--timeout", "30", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).contains("vireo: error: instance a not found\n");
            assertThat(run.out()).isEqualTo("Stopped b\n");
            assertThat(daemon.requests.getLast().body()).contains("\"action\":\"stop\"", "\"timeoutSeconds\":30");
        }
    }
}
