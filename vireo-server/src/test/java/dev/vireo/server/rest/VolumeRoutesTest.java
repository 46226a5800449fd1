package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VolumeRoutesTest extends RouteTest {
    @Test
    void volumesAreCreatedGrownSnapshottedAndDeleted() {
        assertThat(api.get("/v1/storage-pools").body()).contains("\"name\":\"default\"").contains("\"driver\":\"dir\"");
        ApiFixture.Response created = api.post("/v1/volumes", "{\"name\":\"data\",\"size\":\"1GiB\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).contains("\"sizeBytes\":1073741824").contains("\"pool\":\"default\"");
        assertThat(api.post("/v1/volumes", "{\"name\":\"data\",\"size\":\"1GiB\"}").status()).isEqualTo(409);
        assertThat(api.patch("/v1/volumes/data", "{\"size\":\"512MiB\"}").status()).isEqualTo(400);
        assertThat(api.patch("/v1/volumes/data", "{\"size\":\"2GiB\"}").body()).contains("\"sizeBytes\":2147483648");
        assertThat(api.post("/v1/volumes/data/snapshots", "{\"name\":\"s1\",\"memory\":true}").status())
                .isEqualTo(400);
        assertThat(api.post("/v1/volumes/data/snapshots", "{\"name\":\"s1\"}").body()).contains("\"snapshots\":[\"s1\"]");
        assertThat(api.post("/v1/volumes", "{\"name\":\"copy\",\"source\":\"data\",\"snapshot\":\"s1\"}").status())
                .isEqualTo(201);
        assertThat(api.post("/v1/volumes", "{\"name\":\"x\",\"source\":\"data\",\"size\":\"1GiB\"}").status())
                .isEqualTo(400);
        assertThat(api.delete("/v1/volumes/copy").status()).isEqualTo(204);
        assertThat(api.delete("/v1/volumes/copy").status()).isEqualTo(404);
        assertThat(api.delete("/v1/storage-pools/default").status()).isEqualTo(409);
    }

    @Test
    void attachAndDetachThroughTheInstance() {
        api.core.running("web");
        api.post("/v1/volumes", "{\"name\":\"data\",\"size\":\"1GiB\"}");
        ApiFixture.Response attached = api.post("/v1/instances/web/volumes", "{\"volume\":\"data\"}");
        assertThat(attached.status()).isEqualTo(200);
        assertThat(attached.body()).contains("\"instance\":\"web\"").contains("/dev/disk/by-id/virtio-data");
        assertThat(api.get("/v1/instances/web/volumes").body()).contains("\"name\":\"data\"");
        assertThat(api.delete("/v1/volumes/data").status()).isEqualTo(409);
        assertThat(api.delete("/v1/instances/web/volumes/data?timeout=zero").status()).isEqualTo(400);
        assertThat(api.delete("/v1/instances/web/volumes/data?timeout=5").body()).doesNotContain("\"instance\":\"web\"");
        assertThat(api.post("/v1/instances/nope/volumes", "{\"volume\":\"data\"}").status()).isEqualTo(404);
    }

    @Test
    void backupsRunAsOperations() {
        api.core.running("web");
        assertThat(api.post("/v1/instances/web/backups", "{\"incremental\":true}").status()).isEqualTo(409);
        ApiFixture.Response op = api.post("/v1/instances/web/backups", "{}");
        assertThat(op.status()).isEqualTo(202);
        assertThat(op.body()).contains("\"description\":\"backup of web\"");
        assertThat(api.delete("/v1/backups").status()).isEqualTo(400);
        assertThat(api.post("/v1/backups/restore", "{\"file\":\"rel.qcow2\",\"name\":\"x\"}").status()).isEqualTo(400);
    }
}
