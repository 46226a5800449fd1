package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.ImageView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.OperationView;
import dev.vireo.api.SnapshotView;
import dev.vireo.api.VireoException;
import dev.vireo.server.rest.ApiFixture.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Clone, publish, export and import: the routes that copy instances. */
class InstanceCopyRoutesTest extends RouteTest {
    private void stopped(String name) {
        api.launch("{\"name\": \"" + name + "\", \"image\": \"debian/12\", \"start\": false}");
    }

    private void running(String name) {
        api.launch("{\"name\": \"" + name + "\", \"image\": \"debian/12\"}");
    }

    private OperationView accepted(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return api.waitFor(r.operation());
    }

    private InstanceView instance(String name) {
        Response r = api.get("/v1/instances/" + name);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.as(InstanceView.class);
    }

    private static String json(Path path) {
        return path.toString().replace("\\", "\\\\");
    }

    // ---- clone

    @Test
    void aCloneIsAnOperationThatMakesAStoppedInstance() {
        running("web1");

        Response r = api.post("/v1/instances/web1/clone", "{\"target\": \"web2\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.operation().description()).isEqualTo("clone web1 web2");
        assertThat(r.operation().resources()).containsEntry("instance", "web2");
        assertThat(api.waitFor(r.operation()).status()).isEqualTo("success");
        InstanceView web2 = instance("web2");
        assertThat(web2.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web2.image()).isEqualTo("debian/12");
        assertThat(web2.uuid()).isNotEqualTo(instance("web1").uuid());
        assertThat(web2.pid()).isNull();
        assertThat(instance("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aLinkedCloneShowsUpOnTheSnapshotItWasMadeFrom() {
        stopped("web1");

        assertThat(accepted(api.post("/v1/instances/web1/clone", "{\"target\": \"c1\", \"mode\": \"linked\"}"))
                .status()).isEqualTo("success");

        Response snapshot = api.get("/v1/instances/web1/snapshots/for-c1");
        assertThat(snapshot.status()).isEqualTo(200);
        assertThat(snapshot.as(SnapshotView.class).clones()).containsExactly("c1");
        Response delete = api.delete("/v1/instances/web1?force=true");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_STATE,
                "instance web1 has linked clones (c1) whose disks build on its snapshots; delete them first"));
    }

    @Test
    void badCloneRequestsAre400() {
        stopped("web1");

        Response mode = api.post("/v1/instances/web1/clone", "{\"target\": \"web2\", \"mode\": \"thin\"}");
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_ARGUMENT,
                "invalid clone mode 'thin': use full or linked"));

        Response empty = api.post("/v1/instances/web1/clone", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.error().message()).isEqualTo("request body is empty: expected a JSON CloneRequest");

        Response name = api.post("/v1/instances/web1/clone", "{\"target\": \"Web 2\"}");
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);

        assertThat(api.get("/v1/instances/web2").status()).isEqualTo(404);
    }

    @Test
    void cloneOfAnUnknownInstanceOrSnapshotIs404AndOntoAnExistingNameIs409() {
        stopped("web1");
        stopped("web2");

        Response source = api.post("/v1/instances/ghost/clone", "{\"target\": \"web3\"}");
        assertThat(source.status()).isEqualTo(404);
        assertThat(source.error()).isEqualTo(new ErrorBody(ErrorCode.NOT_FOUND, "instance ghost not found"));

        Response snapshot = api.post("/v1/instances/web1/clone", "{\"target\": \"web3\", \"snapshot\": \"nope\"}");
        assertThat(snapshot.status()).isEqualTo(404);

        Response existing = api.post("/v1/instances/web1/clone", "{\"target\": \"web2\"}");
        assertThat(existing.status()).isEqualTo(409);
        assertThat(existing.error()).isEqualTo(new ErrorBody(ErrorCode.ALREADY_EXISTS,
                "instance web2 already exists"));
    }

    @Test
    void aCloneThatFailsEndsAsAFailedOperationAndLeavesNoInstance() {
        stopped("web1");
        api.core.pool.failWith(new VireoException(ErrorCode.INTERNAL, "qemu-img convert failed"));

        OperationView op = accepted(api.post("/v1/instances/web1/clone", "{\"target\": \"web2\"}"));

        assertThat(op.status()).isEqualTo("failure");
        assertThat(op.error()).isEqualTo(new ErrorBody(ErrorCode.INTERNAL, "qemu-img convert failed"));
        assertThat(api.get("/v1/instances/web2").status()).isEqualTo(404);
    }

    // ---- publish

    @Test
    void publishMakesAnImageAndReportsTheCleanersWarnings() {
        stopped("web1");

        Response r = api.post("/v1/instances/web1/publish", "{\"alias\": \"web/base\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.operation().resources()).containsEntry("instance", "web1").containsEntry("image", "web/base");
        Response done = api.get("/v1/operations/" + r.operation().id() + "/wait?timeout=10");
        assertThat(done.operation().status()).isEqualTo("success");
        assertThat(done.fields()).containsKey("warnings");
        assertThat(done.operation().warnings()).containsExactly("fake: nothing cleaned");
        Response image = api.get("/v1/images/web/base");
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.as(ImageView.class).source()).isEqualTo("published from web1");
    }

    @Test
    void publishRefusesARunningInstanceWithoutASnapshotAndAnExistingAlias() {
        running("web1");

        Response runningRefused = api.post("/v1/instances/web1/publish", "{\"alias\": \"web/base\"}");
        assertThat(runningRefused.status()).isEqualTo(409);
        assertThat(runningRefused.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_STATE,
                "instance web1 is running; stop it or publish a snapshot (--snapshot)"));

        Response existing = api.post("/v1/instances/web1/publish", "{\"alias\": \"debian/12\", \"snapshot\": null}");
        assertThat(existing.status()).isEqualTo(409);

        Response badAlias = api.post("/v1/instances/web1/publish", "{\"alias\": \"Web Base\"}");
        assertThat(badAlias.status()).isEqualTo(400);
        assertThat(api.get("/v1/images/web/base").status()).isEqualTo(404);
    }

    // ---- export

    @Test
    void exportWritesTheOva() throws IOException {
        stopped("web1");
        Path target = dir.resolve("web1.ova");

        Response r = api.post("/v1/instances/web1/export", "{\"path\": \"" + json(target) + "\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.operation().description()).isEqualTo("export web1");
        assertThat(api.waitFor(r.operation()).status()).isEqualTo("success");
        assertThat(Files.readString(target)).startsWith("ova of web1");
    }

    @Test
    void badExportTargetsAreRefused() throws IOException {
        stopped("web1");
        Path existing = Files.writeString(dir.resolve("old.ova"), "old");

        Response relative = api.post("/v1/instances/web1/export", "{\"path\": \"web1.ova\"}");
        assertThat(relative.status()).isEqualTo(400);
        assertThat(relative.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_ARGUMENT,
                "export target path 'web1.ova' must be absolute (the daemon resolves it)"));

        Response exists = api.post("/v1/instances/web1/export", "{\"path\": \"" + json(existing) + "\"}");
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.error().code()).isEqualTo(ErrorCode.ALREADY_EXISTS);

        Response notOva = api.post("/v1/instances/web1/export", "{\"path\": \"" + json(dir.resolve("x.zip")) + "\"}");
        assertThat(notOva.status()).isEqualTo(400);

        Response unknown = api.post("/v1/instances/ghost/export", "{\"path\": \"" + json(dir.resolve("g.ova")) + "\"}");
        assertThat(unknown.status()).isEqualTo(404);

        assertThat(api.post("/v1/instances/web1/export", "{").status()).isEqualTo(400);
    }

    // ---- import

    @Test
    void importMakesAStoppedInstanceAndReportsSkippedHardware() throws IOException {
        Path source = Files.writeString(dir.resolve("app.ova"), "an appliance");

        Response r = api.post("/v1/instances-import", "{\"source\": \"" + json(source) + "\", \"name\": \"app1\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.operation().description()).isEqualTo("import app1 from app.ova");
        assertThat(r.operation().resources()).containsEntry("instance", "app1");
        OperationView done = api.waitFor(r.operation());
        assertThat(done.status()).isEqualTo("success");
        assertThat(done.warnings()).containsExactly("item 'usb' (ResourceType 23) not supported; skipped");
        InstanceView app1 = instance("app1");
        assertThat(app1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(app1.cpus()).isEqualTo(2);
        assertThat(app1.memoryBytes()).isEqualTo(512L << 20);
        assertThat(app1.image()).isEqualTo("app.ova");
    }

    @Test
    void badImportsAreRefused() throws IOException {
        Path disk = Files.writeString(dir.resolve("app.vmdk"), "a disk");

        Response empty = api.post("/v1/instances-import", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.error().message()).isEqualTo("request body is empty: expected a JSON InstanceImportRequest");

        Response notOva = api.post("/v1/instances-import", "{\"source\": \"" + json(disk) + "\", \"name\": \"app1\"}");
        assertThat(notOva.status()).isEqualTo(400);
        assertThat(notOva.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_ARGUMENT,
                disk + " is not an .ova or .ovf file"));

        Path missing = dir.resolve("missing.ova");
        Response notFound = api.post("/v1/instances-import",
                "{\"source\": \"" + json(missing) + "\", \"name\": \"app1\"}");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.error()).isEqualTo(new ErrorBody(ErrorCode.NOT_FOUND, "appliance " + missing
                + " not found"));

        Response noName = api.post("/v1/instances-import", "{\"source\": \"" + json(disk) + "\"}");
        assertThat(noName.status()).isEqualTo(400);

        assertThat(api.get("/v1/instances/app1").status()).isEqualTo(404);
    }
}
