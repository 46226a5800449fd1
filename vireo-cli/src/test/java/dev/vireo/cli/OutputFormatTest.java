package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFormatTest {
    @TempDir
    Path dir;

    @Test
    void progressBarFitsTheTerminalWidth() {
        assertThat(ProgressBar.render("Launching demo", 0.45, "booting (cloud-init)", Duration.ofSeconds(12), 80))
                .isEqualTo("Launching demo [==========>             ]  45% booting (cloud-init) 12s");
        assertThat(ProgressBar.render("Launching demo", 0.45, "booting (cloud-init)", Duration.ofSeconds(75), 60))
                .isEqualTo("Launching demo [==========>             ]  45% boo... 1m15s")
                .hasSizeLessThan(60);
        assertThat(ProgressBar.render("x", 7, null, Duration.ZERO, 80)).isEqualTo("x [========================] 100% 0s");
    }

    @Test
    void hostInfoListsEveryFieldWithTheAcceleratorReason() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/host", 200, Canned.HOST)) {
            CliRun run = CliRun.run("host", "info", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("accelerator:      tcg (CPU flags lack vmx/svm)\n",
                    "memory:           16GiB\n", "cpu flag vmx:     no\n", "kvm usable:       no\n",
                    "state dir:        /var/lib/vireo\n", "qemu-img:         8.2.2\n");
            assertThat(run.out().lines()).hasSize(16);
        }
    }

    @Test
    void infoShowsSshCommandAndSizes() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/instances/demo", 200, Canned.DEMO)) {
            CliRun run = CliRun.run("info", "demo", "--socket", daemon.socket.toString());

            assertThat(run.out()).contains("ssh:         ssh -p 40123 debian@127.0.0.1\n", "disk:        20GiB\n",
                    "created:     2025-01-02T03:04:05Z\n", "addresses:   -\n");
        }
    }

    @Test
    void imageImportSendsAnAbsolutePathAndAliasesKeepTheirSlash() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/images", 202, Canned.op("success", 1, "done"))
                .on("GET /v1/images/debian/12", 200, "{\"alias\":\"debian/12\",\"fingerprint\":\"abc\"}")) {
            CliRun imported = CliRun.run("image", "import", "disk.qcow2", "--alias", "mine",
                    "--socket", daemon.socket.toString());
            CliRun shown = CliRun.run("image", "show", "debian/12", "--socket", daemon.socket.toString());

            assertThat(imported.out()).isEqualTo("Imported image mine\n");
            assertThat(daemon.requests.getFirst().body()).contains("\"source\":\""
                    + Path.of("disk.qcow2").toAbsolutePath() + "\"");
            assertThat(shown.out()).contains("alias:        debian/12\n");
        }
    }

    @Test
    void eventLinesAreReadable() {
        var event = new dev.vireo.api.EventView("instance-status", "demo", "Running", null,
                java.time.Instant.parse("2025-01-02T03:04:05.5Z"));
        assertThat(EventsCommand.format(event))
                .isEqualTo("2025-01-02T03:04:05Z  instance-status     demo              Running");
    }
}
