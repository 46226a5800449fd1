package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.PoolView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCommandTest {
    private static final String FAST = "{\"name\":\"fast\",\"driver\":\"lvm-thin\",\"source\":\"vg0/thin\","
            + "\"capacityBytes\":53687091200,\"usedBytes\":0,\"volumes\":0}";
    private static final String BULK = "{\"name\":\"bulk\",\"driver\":\"dir\",\"source\":\"/srv/bulk\","
            + "\"capacityBytes\":0,\"usedBytes\":0,\"volumes\":0}";

    @TempDir
    Path dir;

    @Test
    void createMapsTheFlagsToThePoolRequest() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/storage-pools", 201, FAST, BULK)) {
            CliRun lvm = CliRun.against(daemon, "storage", "create", "fast", "--vg", "vg0/thin");
            CliRun plain = CliRun.against(daemon, "storage", "create", "bulk", "--path", "srv/../bulk");

            assertThat(lvm.exit()).isZero();
            assertThat(lvm.out()).isEqualTo("Created storage pool fast (lvm-thin, vg0/thin)\n");
            assertThat(plain.out()).isEqualTo("Created storage pool bulk (dir, /srv/bulk)\n");
            assertThat(daemon.requests).extracting(FakeDaemon.Request::body).containsExactly(
                    "{\"name\":\"fast\",\"driver\":\"lvm-thin\",\"source\":\"vg0/thin\"}",
                    "{\"name\":\"bulk\",\"driver\":null,\"source\":\"" + Path.of("bulk").toAbsolutePath() + "\"}");
        }
    }

    @Test
    void createRefusesFlagsThatContradictEachOtherBeforeAnyRequest() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))) {
            CliRun both = CliRun.against(daemon, "storage", "create", "p", "--path", "/srv", "--vg", "vg0");
            CliRun wrong = CliRun.against(daemon, "storage", "create", "p", "--driver", "dir", "--vg", "vg0");

            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).isEqualTo("vireo: error: give --path (dir pool) or --vg (lvm-thin pool), not both\n");
            assertThat(wrong.err()).isEqualTo("vireo: error: --vg is for lvm-thin pools; a dir pool takes --path\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void listPrintsATableAndJson() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/storage-pools", 200, Canned.POOLS)) {
            CliRun table = CliRun.against(daemon, "storage", "list");
            CliRun json = CliRun.against(daemon, "storage", "list", "--json");

            assertThat(table.exit()).isZero();
            assertThat(table.out()).isEqualTo("""
                    NAME     DRIVER    SOURCE                  SIZE    USED    VOLUMES
                    default  dir       /var/lib/vireo/volumes  100GiB  1.5GiB  2
                    fast     lvm-thin  vg0/thin                50GiB   0B      0
                    """);
            List<PoolView> parsed = List.of(Json.mapper().readValue(json.out(), PoolView[].class));
            assertThat(parsed).extracting(PoolView::name).containsExactly("default", "fast");
        }
    }

    @Test
    void showAndDelete() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/storage-pools/fast", 200, FAST)
                .on("DELETE /v1/storage-pools/fast", 204, "")) {
            CliRun show = CliRun.against(daemon, "storage", "show", "fast");
            CliRun delete = CliRun.against(daemon, "storage", "delete", "fast");

            assertThat(show.out()).isEqualTo("""
                    name:    fast
                    driver:  lvm-thin
                    source:  vg0/thin
                    size:    50GiB
                    used:    0B
                    volumes: 0
                    created: -
                    """);
            assertThat(delete.exit()).isZero();
            assertThat(delete.out()).isEqualTo("Deleted storage pool fast\n");
        }
    }

    @Test
    void deletingAPoolInUseExitsFive() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("DELETE /v1/storage-pools/fast", 409,
                Canned.error("invalid-state", "pool fast holds volumes (data); delete them first"))) {
            CliRun run = CliRun.against(daemon, "storage", "delete", "fast");

            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err()).isEqualTo("vireo: error: pool fast holds volumes (data); delete them first\n");
            assertThat(run.out()).isEmpty();
        }
    }
}
