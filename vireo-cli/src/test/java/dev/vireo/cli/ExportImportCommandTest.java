package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportSendsAnAbsolutePath() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/export", 202, Canned.op("success", 1, "done"))) {
            CliRun run = CliRun.against(daemon, "export", "demo", "out/../demo.ova");
            String absolute = Path.of("demo.ova").toAbsolutePath().toString();

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("Exported demo to " + absolute + "\n");
            assertThat(daemon.requests.getFirst().body()).isEqualTo("{\"path\":\"" + absolute + "\"}");
        }
    }

    @Test
    void exportRefusesAFileThatIsNotAnOvaBeforeAskingTheDaemon() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))) {
            CliRun run = CliRun.against(daemon, "export", "demo", "demo.qcow2");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err())
                    .isEqualTo("vireo: error: cannot export to demo.qcow2: the file name must end in .ova\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void exportOfAMissingInstanceIsOneLineAndExitThree() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("POST /v1/instances/nope/export", 404,
                Canned.error("not-found", "instance nope not found"))) {
            CliRun run = CliRun.against(daemon, "export", "nope", dir.resolve("x.ova").toString());

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).isEqualTo("vireo: error: instance nope not found\n");
        }
    }

    @Test
    void importTakesOvaAndOvfAndSaysHowToStart() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances-import", 202, Canned.op("success", 1, "done"))) {
            Path ova = dir.resolve("app.ova");
            CliRun run = CliRun.against(daemon, "import", ova.toString(), "app");
            CliRun ovf = CliRun.against(daemon, "import", "app.OVF", "app2");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("Imported app from " + ova
                    + " (stopped; start it with: vireo start app)\n");
            assertThat(ovf.exit()).isZero();
            assertThat(daemon.requests).extracting(FakeDaemon.Request::body).containsExactly(
                    "{\"source\":\"" + ova + "\",\"name\":\"app\"}",
                    "{\"source\":\"" + Path.of("app.OVF").toAbsolutePath() + "\",\"name\":\"app2\"}");
        }
    }

    @Test
    void importRefusesOtherFilesBeforeAskingTheDaemon() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))) {
            CliRun run = CliRun.against(daemon, "import", "disk.qcow2", "app");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("vireo: error: cannot import disk.qcow2: the file name must end in .ova "
                    + "or .ovf (for a disk image use: vireo image import)\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void importPrintsTheOperationsWarningsOnStderr() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances-import", 202, Canned.op("running", 0.5, "converting disk"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200,
                        Canned.doneWithWarnings("skipped the sound card", "2 USB controllers ignored"))) {
            CliRun run = CliRun.against(daemon, "import", "app.ova", "app");

            assertThat(run.exit()).isZero();
            assertThat(run.err()).isEqualTo("""
                    Importing app: converting disk
                    Importing app: done
                    vireo: warning: skipped the sound card
                    vireo: warning: 2 USB controllers ignored
                    """);
            assertThat(run.out()).startsWith("Imported app from ");
        }
    }
}
