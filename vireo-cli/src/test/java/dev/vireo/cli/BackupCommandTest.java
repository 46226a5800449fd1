package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.BackupView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    private static final String FILE = "/var/lib/vireo/backups/demo/demo-2.qcow2";

    @TempDir
    Path dir;

    @Test
    void createWaitsWithProgressAndPrintsTheFileItWrote() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/backups", 202, Canned.op("running", -1,
                        "copying the disk while the guest runs"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200, Canned.op("success", 1,
                        "backup written to " + FILE))) {
            CliRun run = CliRun.against(daemon, "backup", "create", "demo", "--incremental");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("Backed up demo incrementally to " + FILE + "\n");
            assertThat(run.err()).isEqualTo("Backing up demo: copying the disk while the guest runs\n"
                    + "Backing up demo: backup written to " + FILE + "\n");
            assertThat(daemon.requests.getFirst().body()).isEqualTo("{\"incremental\":true}");
        }
    }

    @Test
    void createJsonPrintsTheNewBackupAndFallsBackToTheNewestOne() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/backups", 202, Canned.op("success", 1, "done"))
                .on("GET /v1/backups?instance=demo", 200, Canned.BACKUPS)) {
            CliRun json = CliRun.against(daemon, "backup", "create", "demo", "--json");
            CliRun text = CliRun.against(daemon, "backup", "create", "demo");

            assertThat(json.exit()).isZero();
            assertThat(Json.mapper().readValue(json.out(), BackupView.class).file()).isEqualTo(FILE);
            assertThat(text.out()).isEqualTo("Backed up demo to " + FILE + "\n");
            assertThat(daemon.requests.getFirst().body()).isEqualTo("{\"incremental\":false}");
        }
    }

    @Test
    void listPrintsATableFilteredByInstance() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/backups", 200, Canned.BACKUPS)
                .on("GET /v1/backups?instance=demo", 200, Canned.BACKUPS)) {
            CliRun all = CliRun.against(daemon, "backup", "list");
            CliRun one = CliRun.against(daemon, "backup", "list", "demo", "--json");

            assertThat(all.out()).isEqualTo("""
                    INSTANCE  FILE                                      KIND         BASE          SIZE   CREATED
                    demo      /var/lib/vireo/backups/demo/demo-1.qcow2  full         -             1GiB   2025-01-02T03:04:05Z
                    demo      /var/lib/vireo/backups/demo/demo-2.qcow2  incremental  demo-1.qcow2  64KiB  2025-01-03T00:00:00Z
                    """);
            assertThat(Json.mapper().readValue(one.out(), BackupView[].class)).hasSize(2);
            assertThat(daemon.routesCalled()).containsExactly("GET /v1/backups", "GET /v1/backups?instance=demo");
        }
    }

    @Test
    void restoreAndDeleteSendAbsolutePaths() throws Exception {
        String absolute = Path.of("demo-1.qcow2").toAbsolutePath().toString();
        String encoded = java.net.URLEncoder.encode(absolute, java.nio.charset.StandardCharsets.UTF_8);
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/backups/restore", 202, Canned.op("running", 0.5, "copying: 50%"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200, Canned.op("success", 1, "done"))
                .on("DELETE /v1/backups?file=" + encoded, 204, "")) {
            CliRun restore = CliRun.against(daemon, "backup", "restore", "x/../demo-1.qcow2", "demo2");
            CliRun delete = CliRun.against(daemon, "backup", "delete", "demo-1.qcow2");

            assertThat(restore.exit()).isZero();
            assertThat(restore.out()).isEqualTo("Restored demo2 from " + absolute
                    + " (stopped; start it with: vireo start demo2)\n");
            assertThat(delete.exit()).isZero();
            assertThat(delete.out()).isEqualTo("Deleted backup " + absolute + "\n");
            assertThat(daemon.requests.getFirst().body()).isEqualTo("{\"file\":\"" + absolute
                    + "\",\"name\":\"demo2\"}");
        }
    }

    @Test
    void aFailedBackupExitsWithItsErrorCode() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/backups", 409, Canned.error("invalid-state",
                        "instance demo has no backup to build on; take a full backup first"))) {
            CliRun run = CliRun.against(daemon, "backup", "create", "demo", "--incremental");

            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err()).isEqualTo(
                    "vireo: error: instance demo has no backup to build on; take a full backup first\n");
            assertThat(run.out()).isEmpty();
        }
    }
}
