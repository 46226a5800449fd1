package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.SnapshotView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon() throws Exception {
        return new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/demo/snapshots", 202, Canned.op("running", 0.1, "saving memory"))
                .on("GET /v1/operations/op1/wait?timeout=1", 200, Canned.op("success", 1, "done"))
                .on("GET /v1/instances/demo/snapshots", 200, Canned.SNAPSHOTS)
                .on("POST /v1/instances/demo/snapshots/s1/restore", 202, Canned.op("success", 1, "done"))
                .on("DELETE /v1/instances/demo/snapshots/s1", 202, Canned.op("success", 1, "done"));
    }

    @Test
    void createWaitsWithProgressAndSaysWhatItMade() throws Exception {
        try (FakeDaemon daemon = daemon()) {
            CliRun disk = CliRun.against(daemon, "snapshot", "create", "demo", "s1");
            CliRun warm = CliRun.against(daemon, "snapshot", "create", "demo", "warm", "--memory");

            assertThat(disk.exit()).isZero();
            assertThat(disk.out()).isEqualTo("Snapshot s1 of demo created\n");
            assertThat(disk.err()).isEqualTo("Snapshotting demo: saving memory\nSnapshotting demo: done\n");
            assertThat(warm.out()).isEqualTo("Snapshot warm of demo created (with memory)\n");
            assertThat(daemon.requests).filteredOn(r -> r.method().equals("POST"))
                    .extracting(FakeDaemon.Request::body)
                    .containsExactly("{\"name\":\"s1\",\"memory\":false}", "{\"name\":\"warm\",\"memory\":true}");
        }
    }

    @Test
    void listPrintsATable() throws Exception {
        try (FakeDaemon daemon = daemon()) {
            CliRun run = CliRun.against(daemon, "snapshot", "list", "demo");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("""
                    NAME  TYPE         LIVE  SIZE      CLONES  CREATED
                    s1    disk         no    192.5KiB  -       2025-01-02T03:04:05Z
                    warm  disk+memory  yes   1.5GiB    t1,t2   2025-01-03T00:00:00Z
                    """);
        }
    }

    @Test
    void listJsonPrintsTheSnapshotViews() throws Exception {
        try (FakeDaemon daemon = daemon()) {
            CliRun run = CliRun.against(daemon, "snapshot", "list", "demo", "--json");

            List<SnapshotView> parsed = List.of(Json.mapper().readValue(run.out(), SnapshotView[].class));
            assertThat(parsed).extracting(SnapshotView::name).containsExactly("s1", "warm");
            assertThat(parsed.get(1).clones()).containsExactly("t1", "t2");
            assertThat(run.out()).startsWith("[ {").contains("\"sizeBytes\" : 1610612736");
        }
    }

    @Test
    void restoreAndDeleteCallTheirRoutes() throws Exception {
        try (FakeDaemon daemon = daemon()) {
            CliRun restore = CliRun.against(daemon, "snapshot", "restore", "demo", "s1");
            CliRun delete = CliRun.against(daemon, "snapshot", "delete", "demo", "s1");

            assertThat(restore.out()).isEqualTo("Restored demo to s1\n");
            assertThat(delete.out()).isEqualTo("Deleted snapshot s1 of demo\n");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/instances/demo/snapshots/s1/restore {}", "DELETE /v1/instances/demo/snapshots/s1 ");
        }
    }

    @Test
    void aMissingSnapshotIsOneLineAndExitThree() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on(
                "POST /v1/instances/demo/snapshots/nope/restore", 404,
                Canned.error("not-found", "snapshot nope of demo not found"))) {
            CliRun run = CliRun.against(daemon, "snapshot", "restore", "demo", "nope");

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).isEqualTo("vireo: error: snapshot nope of demo not found\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void theGroupAloneListsItsVerbs() {
        CliRun bare = CliRun.run("snapshot");

        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("create", "list", "restore", "delete");
        assertThat(CliRun.run("snapshot", "help", "create").out()).startsWith("Usage: vireo snapshot create ")
                .contains("--memory", "vireo snapshot create demo warm --memory");
    }
}
