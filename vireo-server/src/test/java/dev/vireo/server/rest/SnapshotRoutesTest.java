package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.OperationView;
import dev.vireo.api.SnapshotView;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceSpec;
import dev.vireo.server.rest.ApiFixture.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRoutesTest extends RouteTest {
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

    private void snapshot(String instance, String json) {
        assertThat(accepted(api.post("/v1/instances/" + instance + "/snapshots", json)).status())
                .isEqualTo("success");
    }

    private InstanceView instance(String name) {
        return api.get("/v1/instances/" + name).as(InstanceView.class);
    }

    @Test
    void takingASnapshotIsAnOperation() {
        stopped("web1");

        Response r = api.post("/v1/instances/web1/snapshots", "{\"name\": \"s1\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        OperationView op = r.operation();
        assertThat(op.description()).isEqualTo("snapshot web1 s1");
        assertThat(op.resources()).containsEntry("instance", "web1").containsEntry("snapshot", "s1");
        assertThat(api.waitFor(op).status()).isEqualTo("success");
        assertThat(api.core.state.findSnapshot("web1", "s1")).isPresent();
    }

    @Test
    void aSnapshotIsShownWithItsFields() {
        running("web1");
        snapshot("web1", "{\"name\": \"s1\", \"memory\": true}");

        Response r = api.get("/v1/instances/web1/snapshots/s1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.fields()).containsOnlyKeys("name", "instance", "memory", "live", "sizeBytes", "clones",
                "createdAt");
        SnapshotView s1 = r.as(SnapshotView.class);
        assertThat(s1.name()).isEqualTo("s1");
        assertThat(s1.instance()).isEqualTo("web1");
        assertThat(s1.memory()).isTrue();
        assertThat(s1.live()).isTrue();
        assertThat(s1.sizeBytes()).isPositive();
        assertThat(s1.clones()).isEmpty();
        assertThat(s1.createdAt()).isNotNull();
    }

    @Test
    void listShowsTheSnapshotsOldestFirst() {
        stopped("web1");
        snapshot("web1", "{\"name\": \"s1\"}");
        snapshot("web1", "{\"name\": \"s2\"}");

        Response r = api.get("/v1/instances/web1/snapshots");

        assertThat(r.status()).isEqualTo(200);
        List<SnapshotView> all = r.as(new TypeReference<List<SnapshotView>>() {});
        assertThat(all).extracting(SnapshotView::name).containsExactly("s1", "s2");
        assertThat(all).allSatisfy(s -> assertThat(s.live()).isFalse());
    }

    @Test
    void anInstanceWithoutSnapshotsListsNone() {
        stopped("web1");

        Response r = api.get("/v1/instances/web1/snapshots");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void unknownSnapshotsAndInstancesAre404() {
        stopped("web1");

        Response snapshot = api.get("/v1/instances/web1/snapshots/nope");
        assertThat(snapshot.status()).isEqualTo(404);
        assertThat(snapshot.error()).isEqualTo(new ErrorBody(ErrorCode.NOT_FOUND,
                "snapshot nope of instance web1 not found"));

        Response list = api.get("/v1/instances/ghost/snapshots");
        assertThat(list.status()).isEqualTo(404);
        assertThat(list.error()).isEqualTo(new ErrorBody(ErrorCode.NOT_FOUND, "instance ghost not found"));

        assertThat(api.post("/v1/instances/ghost/snapshots", "{\"name\": \"s1\"}").status()).isEqualTo(404);
        assertThat(api.post("/v1/instances/web1/snapshots/nope/restore", "").status()).isEqualTo(404);
        assertThat(api.delete("/v1/instances/web1/snapshots/nope").status()).isEqualTo(404);
    }

    @Test
    void aBadBodyIs400() {
        stopped("web1");

        Response empty = api.post("/v1/instances/web1/snapshots", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_ARGUMENT,
                "request body is empty: expected a JSON SnapshotRequest"));

        Response malformed = api.post("/v1/instances/web1/snapshots", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error().message()).startsWith("malformed JSON body");

        Response badName = api.post("/v1/instances/web1/snapshots", "{\"name\": \"a/b\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(badName.error().message()).startsWith("invalid snapshot name 'a/b'");

        Response noName = api.post("/v1/instances/web1/snapshots", "{\"memory\": false}");
        assertThat(noName.status()).isEqualTo(400);

        assertThat(api.core.state.listSnapshots("web1")).isEmpty();
    }

    @Test
    void conflictsAre409() {
        stopped("web1");
        snapshot("web1", "{\"name\": \"s1\"}");

        Response duplicate = api.post("/v1/instances/web1/snapshots", "{\"name\": \"s1\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.error()).isEqualTo(new ErrorBody(ErrorCode.ALREADY_EXISTS,
                "snapshot s1 of web1 already exists"));

        Response memory = api.post("/v1/instances/web1/snapshots", "{\"name\": \"s2\", \"memory\": true}");
        assertThat(memory.status()).isEqualTo(409);
        assertThat(memory.error().code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(memory.error().message()).startsWith("instance web1 is stopped: a memory snapshot needs a running"
                + " guest");
    }

    @Test
    void restoreIsAnOperationThatBringsTheGuestBack() {
        running("web1");
        snapshot("web1", "{\"name\": \"s1\"}");

        Response r = api.post("/v1/instances/web1/snapshots/s1/restore", "");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.operation().description()).isEqualTo("restore web1 s1");
        assertThat(api.waitFor(r.operation()).status()).isEqualTo("success");
        assertThat(instance("web1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(api.core.driver.actions("web1")).containsExactly("start", "snapshotDisk", "stop", "start");
    }

    @Test
    void restoringMemoryOntoOtherHardwareIs409() {
        running("web1");
        snapshot("web1", "{\"name\": \"s1\", \"memory\": true}");
        Instance web1 = api.core.instances.get("web1");
        InstanceSpec s = web1.spec();
        api.core.state.updateInstance(new Instance(web1.name(), web1.uuid(), web1.type(), web1.image(),
                web1.imageFingerprint(), new InstanceSpec(s.cpus(), s.memoryBytes() * 2, s.diskBytes(), s.accel(),
                        s.sshKeys(), s.userData(), s.macAddress()), web1.status(), web1.statusReason(), web1.pid(),
                web1.sshPort(), web1.accelerator(), web1.createdAt(), web1.profile(), web1.rootDisk(),
                web1.origin()));

        Response r = api.post("/v1/instances/web1/snapshots/s1/restore", "");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(r.error().message()).contains("memory=" + s.memoryBytes() + " ")
                .contains("memory=" + s.memoryBytes() * 2 + " ");
    }

    @Test
    void deleteIsAnOperationAfterWhichTheSnapshotIsGone() {
        stopped("web1");
        snapshot("web1", "{\"name\": \"s1\"}");

        Response r = api.delete("/v1/instances/web1/snapshots/s1");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.operation().description()).isEqualTo("delete snapshot web1 s1");
        assertThat(api.waitFor(r.operation()).status()).isEqualTo("success");
        assertThat(api.get("/v1/instances/web1/snapshots/s1").status()).isEqualTo(404);
    }

    @Test
    void aSnapshotALinkedCloneUsesShowsTheCloneAndCannotBeDeleted() {
        stopped("web1");
        snapshot("web1", "{\"name\": \"s1\"}");
        assertThat(accepted(api.post("/v1/instances/web1/clone",
                "{\"target\": \"c1\", \"mode\": \"linked\", \"snapshot\": \"s1\"}")).status()).isEqualTo("success");

        assertThat(api.get("/v1/instances/web1/snapshots/s1").as(SnapshotView.class).clones()).containsExactly("c1");
        Response r = api.delete("/v1/instances/web1/snapshots/s1");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_STATE,
                "snapshot s1 of web1 is used by linked clone c1; delete it first"));
    }
}
