package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.CloneRequest;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.SnapshotView;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotServiceTest {
    private static final InstanceAction STOP = new InstanceAction.Stop(Duration.ofSeconds(30), false);

    @TempDir
    Path dir;

    private FakeCore core;
    private SnapshotService snapshots;
    private final List<EventView> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        snapshots = core.instances.snapshots();
        core.events.subscribe(events::add);
    }

    /** A debian/12 instance that was created but never started. */
    private Instance created(String name) {
        core.succeed(core.instances.launch(new LaunchRequest(name, "debian/12", null, null, null, List.of(), null,
                null, false, null)));
        return core.instances.get(name);
    }

    private Snapshot snapshot(String instance, String name, boolean memory) {
        core.succeed(snapshots.create(instance, new SnapshotRequest(name, memory)));
        return core.state.findSnapshot(instance, name).orElseThrow();
    }

    private InstancePaths paths(String name) {
        return new InstancePaths(core.instancesDir.resolve(name));
    }

    private Path layer(String instance, String file) {
        return paths(instance).file(file).toAbsolutePath().normalize();
    }

    private Path imageDisk() {
        return core.images.get("debian/12").disk().toAbsolutePath().normalize();
    }

    private static void assertCode(Throwable t, ErrorCode code) {
        assertThat(t).isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- create

    @Test
    void aSnapshotOfAStoppedInstanceFreezesTheTopLayerAndWritesToANewOne() {
        created("web1");

        OperationView op = snapshots.create("web1", new SnapshotRequest("s1", null));
        assertThat(op.resources()).containsEntry("instance", "web1").containsEntry("snapshot", "s1");
        core.succeed(op);

        Snapshot s1 = core.state.findSnapshot("web1", "s1").orElseThrow();
        assertThat(s1.disk()).isEqualTo(InstancePaths.FIRST_LAYER);
        assertThat(s1.withMemory()).isFalse();
        assertThat(s1.live()).isFalse();
        Instance web1 = core.instances.get("web1");
        assertThat(web1.rootDisk()).startsWith("layer-").endsWith(".qcow2");
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(layer("web1", web1.rootDisk())).isRegularFile();
        assertThat(core.pool.backingOf(layer("web1", web1.rootDisk()))).isEqualTo(layer("web1", "root.qcow2"));
        assertThat(core.driver.calls()).filteredOn(c -> c.method().startsWith("snapshot")).isEmpty();
        assertThat(events).filteredOn(e -> e.type().equals("snapshot-created")).singleElement()
                .satisfies(e -> {
                    assertThat(e.resource()).isEqualTo("web1");
                    assertThat(e.status()).isEqualTo("s1");
                });
    }

    @Test
    void aSnapshotOfARunningInstanceIsTakenByTheDriverAndTheGuestKeepsRunning() {
        long pid = core.running("web1").pid();

        Snapshot s1 = snapshot("web1", "s1", false);

        assertThat(core.driver.calls("snapshotDisk")).singleElement()
                .satisfies(c -> assertThat(c.instance()).isEqualTo("web1"));
        assertThat(core.driver.actions("web1")).containsExactly("start", "snapshotDisk");
        assertThat(core.driver.status("web1")).isEqualTo(InstanceStatus.RUNNING);
        Instance web1 = core.instances.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(web1.pid()).isEqualTo(pid);
        assertThat(s1.disk()).isEqualTo(InstancePaths.FIRST_LAYER);
        assertThat(s1.live()).isTrue();
        assertThat(core.pool.backingOf(layer("web1", web1.rootDisk()))).isEqualTo(layer("web1", "root.qcow2"));
    }

    @Test
    void aMemorySnapshotSavesTheGuestsStateBesideItsLayer() throws IOException {
        core.running("web1");

        Snapshot s1 = snapshot("web1", "s1", true);

        assertThat(core.driver.calls("snapshotWithMemory")).hasSize(1);
        assertThat(core.driver.calls("snapshotDisk")).isEmpty();
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(s1.withMemory()).isTrue();
        assertThat(paths("web1").file(s1.memoryState())).isEqualTo(paths("web1").memoryState("s1"));
        assertThat(Files.readString(paths("web1").memoryState("s1"))).isEqualTo("memory of web1\n");
        SnapshotView view = snapshots.get("web1", "s1");
        assertThat(view.memory()).isTrue();
        assertThat(view.live()).isTrue();
        assertThat(view.sizeBytes()).isEqualTo(Files.size(layer("web1", "root.qcow2"))
                + Files.size(paths("web1").memoryState("s1")));
        assertThat(events).filteredOn(e -> e.type().equals("snapshot-created")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("with memory"));
    }

    @Test
    void aMemorySnapshotOfAStoppedInstanceIsRefusedBeforeAnyWork() {
        created("web1");
        int operationsBefore = core.operations.list().size();

        assertThatThrownBy(() -> snapshots.create("web1", new SnapshotRequest("s1", true)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is stopped: a memory snapshot needs a running guest (take a disk snapshot"
                        + " without --memory)");
        assertThat(core.operations.list()).hasSize(operationsBefore);
        assertThat(core.state.listSnapshots("web1")).isEmpty();
        assertThat(core.instances.get("web1").rootDisk()).isEqualTo(InstancePaths.FIRST_LAYER);
    }

    @Test
    void aSecondSnapshotWithTheSameNameIsRefused() {
        created("web1");
        snapshot("web1", "s1", false);
        String top = core.instances.get("web1").rootDisk();

        assertThatThrownBy(() -> snapshots.create("web1", new SnapshotRequest("s1", null)))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS))
                .hasMessage("snapshot s1 of web1 already exists");
        assertThat(core.instances.get("web1").rootDisk()).isEqualTo(top);
        assertThat(core.state.listSnapshots("web1")).hasSize(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-s1", ".hidden", "a b", "a/b", "../x", "snap!",
        "s123456789012345678901234567890123456789012345678901234567890123"})
    void anInvalidNameIsRefused(String name) {
        created("web1");

        assertThatThrownBy(() -> snapshots.create("web1", new SnapshotRequest(name, null)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid snapshot name");
        assertThat(core.state.listSnapshots("web1")).isEmpty();
    }

    @Test
    void aNameMayUseLettersDigitsDotsUnderscoresAndDashes() {
        created("web1");

        assertThat(snapshot("web1", "Before_Upgrade-2.1", false).name()).isEqualTo("Before_Upgrade-2.1");
    }

    @Test
    void aSnapshotOfAnUnknownInstanceIsNotFound() {
        assertThatThrownBy(() -> snapshots.create("ghost", new SnapshotRequest("s1", null)))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND))
                .hasMessage("instance ghost not found");
        assertThatThrownBy(() -> snapshots.list("ghost")).satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND));
    }

    @Test
    void anUnknownSnapshotIsNotFound() {
        created("web1");

        assertThatThrownBy(() -> snapshots.get("web1", "nope"))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND))
                .hasMessage("snapshot nope of instance web1 not found");
        assertThatThrownBy(() -> snapshots.restore("web1", "nope")).satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> snapshots.delete("web1", "nope")).satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND));
    }

    @Test
    void listShowsSnapshotsOldestFirstWithTheirSizesAndLinkedClones() throws IOException {
        created("web1");
        Snapshot s1 = snapshot("web1", "s1", false);
        Snapshot s2 = snapshot("web1", "s2", false);
        core.succeed(core.instances.clones().clone("web1", new CloneRequest("c1", "linked", "s1")));

        List<SnapshotView> list = snapshots.list("web1");

        assertThat(list).extracting(SnapshotView::name).containsExactly("s1", "s2");
        assertThat(list).allSatisfy(v -> assertThat(v.instance()).isEqualTo("web1"));
        assertThat(list.get(0).clones()).containsExactly("c1");
        assertThat(list.get(1).clones()).isEmpty();
        assertThat(list.get(0).sizeBytes()).isEqualTo(Files.size(layer("web1", s1.disk())));
        assertThat(list.get(1).sizeBytes()).isEqualTo(Files.size(layer("web1", s2.disk())));
        assertThat(list.get(0).createdAt()).isBeforeOrEqualTo(list.get(1).createdAt());
        assertThat(snapshots.list("c1")).isEmpty();
    }

    // ---- restore

    @Test
    void restoringAStoppedInstancePutsANewOverlayOnTheSnapshotsLayerAndRemovesTheOldTop() {
        created("web1");
        snapshot("web1", "s1", false);
        String oldTop = core.instances.get("web1").rootDisk();

        OperationView op = snapshots.restore("web1", "s1");
        assertThat(op.resources()).containsEntry("instance", "web1").containsEntry("snapshot", "s1");
        core.succeed(op);

        Instance web1 = core.instances.get("web1");
        assertThat(web1.rootDisk()).isNotIn(oldTop, InstancePaths.FIRST_LAYER);
        assertThat(core.pool.backingOf(layer("web1", web1.rootDisk()))).isEqualTo(layer("web1", "root.qcow2"));
        assertThat(layer("web1", oldTop)).doesNotExist();
        assertThat(layer("web1", "root.qcow2")).isRegularFile();
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(core.driver.calls("start")).isEmpty();
        assertThat(core.state.findSnapshot("web1", "s1")).isPresent();
        assertThat(events).filteredOn(e -> e.type().equals("snapshot-restored")).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("s1"));
    }

    @Test
    void restoringARunningInstanceStopsItRestoresTheDiskAndStartsItAgain() {
        core.running("web1");
        snapshot("web1", "s1", false);
        String oldTop = core.instances.get("web1").rootDisk();

        core.succeed(snapshots.restore("web1", "s1"));

        assertThat(core.driver.actions("web1")).containsExactly("start", "snapshotDisk", "stop", "start");
        assertThat(core.driver.calls("stop")).singleElement().satisfies(c -> assertThat(c.force()).isTrue());
        Instance web1 = core.instances.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.RUNNING);
        StartSpec start = core.driver.starts().getLast();
        assertThat(start.savedState()).isNull();
        assertThat(start.rootDisk().getFileName().toString()).isEqualTo(web1.rootDisk()).isNotEqualTo(oldTop);
        assertThat(core.pool.backingOf(layer("web1", web1.rootDisk()))).isEqualTo(layer("web1", "root.qcow2"));
        assertThat(layer("web1", oldTop)).doesNotExist();
    }

    @Test
    void restoringAMemorySnapshotResumesTheGuestFromTheSavedState() {
        core.running("web1");
        snapshot("web1", "s1", true);

        core.succeed(snapshots.restore("web1", "s1"));

        assertThat(core.driver.actions("web1")).containsExactly("start", "snapshotWithMemory", "stop", "start");
        assertThat(core.driver.starts().getLast().savedState()).isEqualTo(paths("web1").memoryState("s1"));
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void restoringAMemorySnapshotOfAStoppedInstanceStartsIt() {
        core.running("web1");
        snapshot("web1", "s1", true);
        core.succeed(core.instances.act("web1", STOP));

        core.succeed(snapshots.restore("web1", "s1"));

        assertThat(core.driver.starts()).hasSize(2);
        assertThat(core.driver.starts().getLast().savedState()).isEqualTo(paths("web1").memoryState("s1"));
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aMemorySnapshotIsNotRestoredOntoChangedHardware() {
        core.running("web1");
        snapshot("web1", "s1", true);
        core.succeed(core.instances.act("web1", STOP));
        Instance web1 = core.instances.get("web1");
        InstanceSpec s = web1.spec();
        core.state.updateInstance(new Instance(web1.name(), web1.uuid(), web1.type(), web1.image(),
                web1.imageFingerprint(), new InstanceSpec(s.cpus() + 1, s.memoryBytes(), s.diskBytes(), s.accel(),
                        s.sshKeys(), s.userData(), s.macAddress()), web1.status(), web1.statusReason(), web1.pid(),
                web1.sshPort(), web1.accelerator(), web1.createdAt(), web1.profile(), web1.rootDisk(),
                web1.origin()));
        String top = web1.rootDisk();

        assertThatThrownBy(() -> snapshots.restore("web1", "s1"))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessageContaining("snapshot s1 holds memory of cpus=" + s.cpus() + " ")
                .hasMessageContaining("instance web1 now has cpus=" + (s.cpus() + 1) + " ")
                .hasMessageEndingWith("its memory cannot be restored");
        assertThat(core.driver.starts()).hasSize(1);
        assertThat(core.instances.get("web1").rootDisk()).isEqualTo(top);
    }

    @Test
    void aDiskSnapshotIsRestoredWhateverTheHardware() {
        created("web1");
        snapshot("web1", "s1", false);
        Instance web1 = core.instances.get("web1");
        InstanceSpec s = web1.spec();
        core.state.updateInstance(new Instance(web1.name(), web1.uuid(), web1.type(), web1.image(),
                web1.imageFingerprint(), new InstanceSpec(s.cpus() + 1, s.memoryBytes(), s.diskBytes(), s.accel(),
                        s.sshKeys(), s.userData(), s.macAddress()), web1.status(), web1.statusReason(), web1.pid(),
                web1.sshPort(), web1.accelerator(), web1.createdAt(), web1.profile(), web1.rootDisk(),
                web1.origin()));

        assertThat(core.succeed(snapshots.restore("web1", "s1")).status()).isEqualTo("success");
    }

    @Test
    void restoringAnOlderSnapshotKeepsTheLayersOfNewerOnes() {
        created("web1");
        Snapshot s1 = snapshot("web1", "s1", false);
        Snapshot s2 = snapshot("web1", "s2", false);

        core.succeed(snapshots.restore("web1", "s1"));

        assertThat(layer("web1", s1.disk())).isRegularFile();
        assertThat(layer("web1", s2.disk())).isRegularFile();
        assertThat(core.pool.backingOf(layer("web1", core.instances.get("web1").rootDisk())))
                .isEqualTo(layer("web1", s1.disk()));
        core.succeed(snapshots.restore("web1", "s2"));
        assertThat(core.pool.backingOf(layer("web1", core.instances.get("web1").rootDisk())))
                .isEqualTo(layer("web1", s2.disk()));
    }

    // ---- delete

    @Test
    void deletingAStoppedInstancesSnapshotMergesItsLayerIntoTheOneChild() {
        created("web1");
        snapshot("web1", "s1", false);
        String top = core.instances.get("web1").rootDisk();

        OperationView op = snapshots.delete("web1", "s1");
        assertThat(op.resources()).containsEntry("instance", "web1").containsEntry("snapshot", "s1");
        core.succeed(op);

        assertThat(core.state.findSnapshot("web1", "s1")).isEmpty();
        assertThat(core.pool.rebases()).containsExactly(top + " onto disk.qcow2");
        assertThat(core.pool.backingOf(layer("web1", top))).isEqualTo(imageDisk());
        assertThat(layer("web1", "root.qcow2")).doesNotExist();
        assertThat(core.instances.get("web1").rootDisk()).isEqualTo(top);
        assertThat(events).filteredOn(e -> e.type().equals("snapshot-deleted")).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("s1"));
    }

    @Test
    void deletingARunningInstancesSnapshotMergesItsLayerWhileTheGuestRuns() {
        core.running("web1");
        snapshot("web1", "s1", true);
        String top = core.instances.get("web1").rootDisk();

        core.succeed(snapshots.delete("web1", "s1"));

        assertThat(core.state.findSnapshot("web1", "s1")).isEmpty();
        assertThat(paths("web1").memoryState("s1")).doesNotExist();
        assertThat(core.pool.rebases()).as("no qemu-img on a disk QEMU has open").isEmpty();
        assertThat(core.driver.calls("streamInto")).hasSize(1);
        assertThat(core.pool.backingOf(layer("web1", top)).getFileName().toString()).isEqualTo("disk.qcow2");
        assertThat(layer("web1", "root.qcow2")).doesNotExist();
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void deletingTheMiddleOfThreeSnapshotsMergesOnlyItsLayer() {
        created("web1");
        Snapshot s1 = snapshot("web1", "s1", false);
        Snapshot s2 = snapshot("web1", "s2", false);
        Snapshot s3 = snapshot("web1", "s3", false);

        core.succeed(snapshots.delete("web1", "s2"));

        assertThat(layer("web1", s2.disk())).doesNotExist();
        assertThat(core.pool.rebases()).containsExactly(s3.disk() + " onto " + s1.disk());
        assertThat(core.pool.backingOf(layer("web1", s3.disk()))).isEqualTo(layer("web1", s1.disk()));
        assertThat(snapshots.list("web1")).extracting(SnapshotView::name).containsExactly("s1", "s3");
    }

    @Test
    void aSnapshotALinkedCloneUsesIsNotDeleted() {
        created("web1");
        snapshot("web1", "s1", false);
        core.succeed(core.instances.clones().clone("web1", new CloneRequest("c1", "linked", "s1")));

        assertThatThrownBy(() -> snapshots.delete("web1", "s1"))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("snapshot s1 of web1 is used by linked clone c1; delete it first");
        assertThat(core.state.findSnapshot("web1", "s1")).isPresent();

        core.succeed(core.instances.delete("c1", false));
        core.succeed(snapshots.delete("web1", "s1"));
        assertThat(core.state.findSnapshot("web1", "s1")).isEmpty();
    }

    @Test
    void aSnapshotSeveralLinkedClonesUseNamesThemAll() {
        created("web1");
        snapshot("web1", "s1", false);
        core.succeed(core.instances.clones().clone("web1", new CloneRequest("c1", "linked", "s1")));
        core.succeed(core.instances.clones().clone("web1", new CloneRequest("c2", "linked", "s1")));

        assertThatThrownBy(() -> snapshots.delete("web1", "s1"))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("snapshot s1 of web1 is used by linked clones c1, c2; delete them first");
    }
}
