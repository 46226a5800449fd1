package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.VolumeView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeCommandTest {
    @TempDir
    Path dir;

    @Test
    void createCopyAndResizeSendTheirRequests() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/volumes", 201, Canned.SCRATCH, Canned.DATA)
                .on("PATCH /v1/volumes/scratch", 200, Canned.SCRATCH.replace("536870912,", "2147483648,"))) {
            CliRun create = CliRun.against(daemon, "volume", "create", "scratch", "--size", "512MiB", "--pool", "fast");
            CliRun copy = CliRun.against(daemon, "volume", "copy", "data0", "data", "--snapshot", "s1");
            CliRun resize = CliRun.against(daemon, "volume", "resize", "scratch", "--size", "2G");

            assertThat(create.exit()).isZero();
            assertThat(create.out()).isEqualTo("Created volume scratch (512MiB in pool fast)\n");
            assertThat(copy.out()).isEqualTo("Copied volume data0 at snapshot s1 to data\n");
            assertThat(resize.out()).isEqualTo("Resized volume scratch to 2GiB\n");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/volumes {\"name\":\"scratch\",\"size\":\"512MiB\",\"pool\":\"fast\",\"source\":null,"
                            + "\"snapshot\":null}",
                    "POST /v1/volumes {\"name\":\"data\",\"size\":null,\"pool\":null,\"source\":\"data0\","
                            + "\"snapshot\":\"s1\"}",
                    "PATCH /v1/volumes/scratch {\"size\":\"2G\"}");
        }
    }

    @Test
    void aBadSizeIsCaughtBeforeAnyRequest() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))) {
            CliRun run = CliRun.against(daemon, "volume", "create", "data", "--size", "lots");
            CliRun missing = CliRun.against(daemon, "volume", "create", "data");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("vireo: error: --size: invalid size 'lots' (use e.g. 512MiB, 2GiB, 20G)\n");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).startsWith("vireo: error: Missing required option: '--size=SIZE'");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void listPrintsATableAndJson() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/volumes", 200, Canned.VOLUMES)) {
            CliRun table = CliRun.against(daemon, "volume", "list");
            CliRun json = CliRun.against(daemon, "volume", "list", "--json");

            assertThat(table.out()).isEqualTo("""
                    NAME     POOL     SIZE    USED    ATTACHED-TO  SNAPSHOTS
                    data     default  10GiB   1.5GiB  web1         s1,s2
                    scratch  fast     512MiB  0B      -            -
                    """);
            List<VolumeView> parsed = List.of(Json.mapper().readValue(json.out(), VolumeView[].class));
            assertThat(parsed.getFirst().device()).isEqualTo("/dev/disk/by-id/virtio-data");
            assertThat(json.out()).startsWith("[ {");
        }
    }

    @Test
    void showIncludesTheDeviceAndMount() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/volumes/data", 200, Canned.DATA)) {
            CliRun run = CliRun.against(daemon, "volume", "show", "data");

            assertThat(run.out()).isEqualTo("""
                    name:        data
                    pool:        default
                    size:        10GiB
                    used:        1.5GiB
                    attached to: web1
                    device:      /dev/disk/by-id/virtio-data
                    mount:       /data
                    snapshots:   s1, s2
                    created:     2025-01-02T03:04:05Z
                    """);
        }
    }

    @Test
    void attachAndDetachSayWhereAndPassTheTimeout() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/web1/volumes", 200, Canned.DATA)
                .on("DELETE /v1/instances/web1/volumes/data?timeout=120", 200, Canned.SCRATCH.replace("scratch", "data"))
                .on("DELETE /v1/instances/web1/volumes/data", 200, Canned.SCRATCH.replace("scratch", "data"))) {
            CliRun attach = CliRun.against(daemon, "volume", "attach", "web1", "data");
            CliRun detach = CliRun.against(daemon, "volume", "detach", "web1", "data", "--timeout", "120");
            CliRun detachDefault = CliRun.against(daemon, "volume", "detach", "web1", "data", "--json");

            assertThat(attach.out()).isEqualTo("Attached data to web1 (/dev/disk/by-id/virtio-data)\n");
            assertThat(detach.out()).isEqualTo("Detached data from web1\n");
            assertThat(Json.mapper().readValue(detachDefault.out(), VolumeView.class).instance()).isNull();
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/instances/web1/volumes {\"volume\":\"data\"}",
                    "DELETE /v1/instances/web1/volumes/data?timeout=120 ",
                    "DELETE /v1/instances/web1/volumes/data ");
        }
    }

    @Test
    void snapshotVerbsUseTheVolumeRoutes() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/volumes/data/snapshots", 201, Canned.DATA)
                .on("POST /v1/volumes/data/snapshots/s1/restore", 200, Canned.DATA)
                .on("DELETE /v1/volumes/data/snapshots/s2", 200, Canned.DATA)
                .on("GET /v1/volumes/data", 200, Canned.DATA)) {
            CliRun create = CliRun.against(daemon, "volume", "snapshot", "create", "data", "s2");
            CliRun restore = CliRun.against(daemon, "volume", "snapshot", "restore", "data", "s1");
            CliRun delete = CliRun.against(daemon, "volume", "snapshot", "delete", "data", "s2");
            CliRun list = CliRun.against(daemon, "volume", "snapshot", "list", "data");
            CliRun json = CliRun.against(daemon, "volume", "snapshot", "list", "data", "--json");

            assertThat(create.out()).isEqualTo("Snapshot s2 of volume data created\n");
            assertThat(restore.out()).isEqualTo("Restored volume data to s1\n");
            assertThat(delete.out()).isEqualTo("Deleted snapshot s2 of volume data\n");
            assertThat(list.out()).isEqualTo("s1\ns2\n");
            assertThat(Json.mapper().readValue(json.out(), String[].class)).containsExactly("s1", "s2");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).startsWith(
                    "POST /v1/volumes/data/snapshots {\"name\":\"s2\",\"memory\":null}",
                    "POST /v1/volumes/data/snapshots/s1/restore {}",
                    "DELETE /v1/volumes/data/snapshots/s2 ");
        }
    }

    @Test
    void attachingAnAttachedVolumeIsOneLineAndExitFive() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("POST /v1/instances/web2/volumes", 409,
                Canned.error("invalid-state", "volume data is already attached to web1"))) {
            CliRun run = CliRun.against(daemon, "volume", "attach", "web2", "data");

            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err()).isEqualTo("vireo: error: volume data is already attached to web1\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void deleteOfAMissingVolumeExitsThree() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("DELETE /v1/volumes/scratch", 204, "")) {
            CliRun deleted = CliRun.against(daemon, "volume", "delete", "scratch");
            CliRun missing = CliRun.against(daemon, "volume", "delete", "nope");

            assertThat(deleted.exit()).isZero();
            assertThat(deleted.out()).isEqualTo("Deleted volume scratch\n");
            assertThat(missing.exit()).isEqualTo(3);
        }
    }

    @Test
    void theGroupsAloneListTheirVerbs() {
        CliRun bare = CliRun.run("volume");
        CliRun snapshots = CliRun.run("volume", "snapshot");

        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("create", "copy", "list", "show", "resize", "delete", "attach", "detach",
                "snapshot");
        assertThat(snapshots.exit()).isEqualTo(2);
        assertThat(snapshots.err()).contains("create", "list", "restore", "delete");
        assertThat(CliRun.run("volume", "help", "detach").out()).startsWith("Usage: vireo volume detach ")
                .contains("--timeout=SECONDS");
    }
}
