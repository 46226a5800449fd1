package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.CloneRequest;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.PublishRequest;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.fakes.Gate;
import dev.vireo.core.image.Image;
import dev.vireo.core.seed.NoCloudSeed;
import dev.vireo.core.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloneServiceTest {
    private static final InstanceAction STOP = new InstanceAction.Stop(Duration.ofSeconds(30), false);

    @TempDir
    Path dir;

    private FakeCore core;
    private CloneService clones;
    private final List<EventView> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        clones = core.instances.clones();
        core.events.subscribe(events::add);
    }

    private Instance created(String name, String image) {
        core.succeed(core.instances.launch(new LaunchRequest(name, image, null, null, null, List.of(), null, null,
                false, null)));
        return core.instances.get(name);
    }

    private Instance created(String name) {
        return created(name, "debian/12");
    }

    private Instance cloned(String source, String target, String mode, String snapshot) {
        OperationView op = clones.clone(source, new CloneRequest(target, mode, snapshot));
        assertThat(op.resources()).containsEntry("instance", target);
        core.succeed(op);
        return core.instances.get(target);
    }

    private Snapshot snapshot(String instance, String name) {
        core.succeed(core.instances.snapshots().create(instance, new SnapshotRequest(name, null)));
        return core.state.findSnapshot(instance, name).orElseThrow();
    }

    private InstancePaths paths(String name) {
        return new InstancePaths(core.instancesDir.resolve(name));
    }

    private Path layer(String instance, String file) {
        return paths(instance).file(file).toAbsolutePath().normalize();
    }

    private void assertNothingLeftOf(String name) {
        assertThat(core.state.findInstance(name)).isEmpty();
        assertThat(paths(name).dir()).doesNotExist();
    }

    private static void assertCode(Throwable t, ErrorCode code) {
        assertThat(t).isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- full clones

    @Test
    void aFullCloneIsAStandaloneStoppedCopyWithItsOwnIdentity() throws IOException {
        Instance web1 = created("web1");

        Instance web2 = cloned("web1", "web2", null, null);

        assertThat(web2.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web2.statusReason()).isNull();
        assertThat(web2.uuid()).isNotEqualTo(web1.uuid());
        assertThat(web2.spec().macAddress()).isNotEqualTo(web1.spec().macAddress()).startsWith("52:54:00:");
        assertThat(web2.spec().cpus()).isEqualTo(web1.spec().cpus());
        assertThat(web2.spec().memoryBytes()).isEqualTo(web1.spec().memoryBytes());
        assertThat(web2.spec().diskBytes()).isEqualTo(web1.spec().diskBytes());
        assertThat(web2.image()).isEqualTo("debian/12");
        assertThat(web2.imageFingerprint()).isNull();
        assertThat(web2.origin()).isNull();
        assertThat(web2.rootDisk()).isEqualTo(InstancePaths.FIRST_LAYER);
        Path root = layer("web2", InstancePaths.FIRST_LAYER);
        assertThat(Files.readString(root)).isEqualTo("flat copy of " + layer("web1", "root.qcow2") + "\n");
        assertThat(core.pool.backingOf(root)).isNull();
        assertThat(paths("web2").identityPending()).isRegularFile();
        assertThat(core.images.usedBy(core.images.get("debian/12"))).containsExactly("web1");
        assertThat(core.instances.get("web1")).isEqualTo(web1);
        assertThat(core.state.listSnapshots("web1")).isEmpty();
    }

    @Test
    void aFullCloneKeepsHardLinksOfTheBootFilesInItsOwnDirectory() throws IOException {
        created("web1");
        Image image = core.images.get("debian/12");

        Instance web2 = cloned("web1", "web2", "full", null);

        assertThat(web2.profile().kernel()).isEqualTo(paths("web2").file("vmlinuz").toAbsolutePath());
        assertThat(web2.profile().initrd()).isEqualTo(paths("web2").file("initrd.img").toAbsolutePath());
        assertThat(Files.isSameFile(web2.profile().kernel(), image.kernel())).isTrue();
        assertThat(Files.isSameFile(web2.profile().initrd(), image.initrd())).isTrue();
        assertThat(web2.profile().cmdline()).isEqualTo(image.cmdline());
        assertThat(web2.profile().user()).isEqualTo("debian");
    }

    @Test
    void aFullCloneGetsASeedWithItsOwnNameAndUuid() {
        created("web1");

        Instance web2 = cloned("web1", "web2", null, null);

        NoCloudSeed seed = core.seeds.seedAt(paths("web2").seedIso());
        assertThat(seed).isNotNull();
        assertThat(seed.hostname()).isEqualTo("web2");
        assertThat(seed.instanceId()).isEqualTo(web2.uuid().toString());
        assertThat(seed.publicKeys()).contains(FakeCore.DAEMON_KEY.publicKey());
    }

    @Test
    void aFullCloneOfARunningInstanceReadsATemporarySnapshotAndDropsIt() throws IOException {
        core.running("web1");

        Instance web2 = cloned("web1", "web2", "full", null);

        assertThat(core.driver.calls("snapshotDisk")).singleElement()
                .satisfies(c -> assertThat(c.instance()).isEqualTo("web1"));
        assertThat(core.state.listSnapshots("web1")).isEmpty();
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(core.driver.status("web1")).isEqualTo(InstanceStatus.RUNNING);
        assertThat(core.instances.get("web1").rootDisk()).isNotEqualTo(InstancePaths.FIRST_LAYER);
        // the layer frozen by the temporary snapshot, which QEMU no longer writes
        assertThat(Files.readString(layer("web2", web2.rootDisk())))
                .isEqualTo("flat copy of " + layer("web1", "root.qcow2") + "\n");
        assertThat(web2.status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void aFullCloneOfASnapshotCopiesThatSnapshotsLayer() throws IOException {
        created("web1");
        Snapshot s1 = snapshot("web1", "s1");
        snapshot("web1", "s2");

        Instance web2 = cloned("web1", "web2", "full", "s1");

        assertThat(Files.readString(layer("web2", web2.rootDisk())))
                .isEqualTo("flat copy of " + layer("web1", s1.disk()) + "\n");
        assertThat(web2.origin()).isNull();
        assertThat(core.state.listSnapshots("web1")).extracting(Snapshot::name).containsExactly("s1", "s2");
    }

    // ---- linked clones

    @Test
    void aLinkedCloneWithoutASnapshotBuildsOnOneTakenForIt() {
        Instance web1 = created("web1");

        Instance c1 = cloned("web1", "c1", "linked", null);

        Snapshot auto = core.state.findSnapshot("web1", "for-c1").orElseThrow();
        assertThat(auto.disk()).isEqualTo(InstancePaths.FIRST_LAYER);
        assertThat(c1.origin()).isEqualTo(new Instance.Origin("web1", "for-c1"));
        assertThat(core.pool.backingOf(layer("c1", c1.rootDisk()))).isEqualTo(layer("web1", auto.disk()));
        assertThat(c1.imageFingerprint()).isEqualTo(web1.imageFingerprint());
        assertThat(c1.uuid()).isNotEqualTo(web1.uuid());
        assertThat(c1.spec().macAddress()).isNotEqualTo(web1.spec().macAddress());
        assertThat(c1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(paths("c1").identityPending()).isRegularFile();
        assertThat(core.seeds.seedAt(paths("c1").seedIso()).hostname()).isEqualTo("c1");
        assertThat(core.instances.snapshots().get("web1", "for-c1").clones()).containsExactly("c1");
        assertThat(core.instances.get("web1").rootDisk()).isNotEqualTo(InstancePaths.FIRST_LAYER);
    }

    @Test
    void aLinkedCloneOfAGivenSnapshotBuildsOnThatSnapshotsLayer() {
        created("web1");
        Snapshot s1 = snapshot("web1", "s1");
        snapshot("web1", "s2");

        Instance c1 = cloned("web1", "c1", "linked", "s1");

        assertThat(c1.origin()).isEqualTo(new Instance.Origin("web1", "s1"));
        assertThat(core.pool.backingOf(layer("c1", c1.rootDisk()))).isEqualTo(layer("web1", s1.disk()));
        assertThat(core.state.listSnapshots("web1")).extracting(Snapshot::name).containsExactly("s1", "s2");
    }

    @Test
    void aLinkedCloneOfARunningInstanceTakesALiveSnapshot() {
        core.running("web1");

        Instance c1 = cloned("web1", "c1", "linked", null);

        assertThat(core.driver.calls("snapshotDisk")).hasSize(1);
        assertThat(core.state.findSnapshot("web1", "for-c1")).get().satisfies(s -> assertThat(s.live()).isTrue());
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(c1.status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void anInstanceWithLinkedClonesCannotBeDeleted() {
        created("web1");
        cloned("web1", "c1", "linked", null);
        cloned("web1", "c2", "linked", null);

        assertThatThrownBy(() -> core.instances.delete("web1", true))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 has linked clones (c1, c2) whose disks build on its snapshots; delete"
                        + " them first");
        assertThat(paths("web1").dir()).isDirectory();

        core.succeed(core.instances.delete("c1", false));
        core.succeed(core.instances.delete("c2", false));
        core.succeed(core.instances.delete("web1", false));
        assertNothingLeftOf("web1");
    }

    @Test
    void aFullCloneDoesNotHoldItsSourceBack() {
        created("web1");
        cloned("web1", "web2", "full", null);

        core.succeed(core.instances.delete("web1", false));

        assertThat(core.instances.get("web2").status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void deletingALinkedCloneDropsItsAutomaticSnapshotSoTheNameCanBeReused() {
        core.running("web1");
        cloned("web1", "c1", "linked", null);
        core.succeed(core.instances.delete("c1", false));

        assertThat(core.state.listSnapshots("web1")).isEmpty();
        cloned("web1", "c1", "linked", null);
        assertThat(core.state.findSnapshot("web1", "for-c1")).isPresent();
    }

    @Test
    void aLinkedCloneWhoseAutomaticSnapshotNameIsTakenIsRefusedBeforeAnyWork() {
        core.running("web1");
        core.succeed(core.instances.snapshots().create("web1", new dev.vireo.api.SnapshotRequest("for-c1", false)));
        String top = core.instances.get("web1").rootDisk();

        assertThatThrownBy(() -> clones.clone("web1", new CloneRequest("c1", "linked", null)))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS))
                .hasMessageStartingWith("snapshot for-c1 of web1 already exists");
        assertThat(core.driver.calls("snapshotDisk")).hasSize(1);
        assertThat(core.instances.get("web1").rootDisk()).isEqualTo(top);
        assertNothingLeftOf("c1");

        cloned("web1", "c1", "linked", "for-c1");
    }

    @Test
    void aSnapshotNamedLikeTheAutoSnapshotThatWinsTheRaceFailsTheCloneWithoutTouchingTheDisk() throws Exception {
        core.running("web1");
        Gate snapshotting = core.driver.hold("snapshotDisk");
        OperationView snapshot = core.instances.snapshots().create("web1", new SnapshotRequest("for-c1", null));
        assertThat(snapshotting.awaitEntered()).isTrue();
        // accepted: for-c1 is not recorded yet; the clone then waits for web1's lock
        OperationView clone = clones.clone("web1", new CloneRequest("c1", "linked", null));
        snapshotting.open();
        core.succeed(snapshot);

        OperationView failed = core.finish(clone);

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(failed.error().message()).isEqualTo("snapshot for-c1 of web1 already exists");
        assertThat(core.driver.calls("snapshotDisk")).hasSize(1);
        assertNothingLeftOf("c1");
        Instance web1 = core.instances.get("web1");
        try (Stream<Path> files = Files.list(paths("web1").dir())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".qcow2")))
                    .containsExactlyInAnyOrder(web1.rootDisk(), InstancePaths.FIRST_LAYER);
        }
        assertThat(core.state.listSnapshots("web1")).extracting(Snapshot::name).containsExactly("for-c1");
    }

    // ---- refusals and failures

    @Test
    void anUnknownModeIsRefused() {
        created("web1");

        assertThatThrownBy(() -> clones.clone("web1", new CloneRequest("web2", "thin", null)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("invalid clone mode 'thin': use full or linked");
        assertNothingLeftOf("web2");
    }

    @Test
    void badNamesAndUnknownSourcesAreRefusedBeforeAnyWork() {
        created("web1");
        created("web2");
        int operationsBefore = core.operations.list().size();

        assertThatThrownBy(() -> clones.clone("ghost", new CloneRequest("web3", null, null)))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND)).hasMessage("instance ghost not found");
        assertThatThrownBy(() -> clones.clone("web1", new CloneRequest("Web_3", null, null)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid instance name 'Web_3'");
        assertThatThrownBy(() -> clones.clone("web1", null))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> clones.clone("web1", new CloneRequest("web2", null, null)))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS)).hasMessage("instance web2 already exists");
        assertThatThrownBy(() -> clones.clone("web1", new CloneRequest("web3", "linked", "nope")))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND))
                .hasMessage("snapshot nope of instance web1 not found");
        assertThatThrownBy(() -> clones.clone("web1", new CloneRequest("x".repeat(60), "linked", null)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid snapshot name 'for-xxx");

        assertThat(core.operations.list()).hasSize(operationsBefore);
        assertThat(core.instances.list()).extracting(Instance::name).containsExactly("web1", "web2");
    }

    @Test
    void aFailedFullCloneLeavesNoRowAndNoDirectory() {
        created("web1");
        core.pool.failWith(new VireoException(ErrorCode.INTERNAL, "qemu-img convert: No space left on device"));

        OperationView op = core.finish(clones.clone("web1", new CloneRequest("web2", "full", null)));

        assertThat(op.status()).isEqualTo("failure");
        assertThat(op.error().message()).isEqualTo("qemu-img convert: No space left on device");
        assertNothingLeftOf("web2");
        assertThat(events).filteredOn(e -> e.resource().equals("web2")).extracting(EventView::type)
                .containsExactly("instance-created", "instance-deleted");
        assertThat(events).filteredOn(e -> e.type().equals("instance-deleted")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("clone failed"));
    }

    @Test
    void aFailedLinkedCloneLeavesNoRowNoDirectoryAndNoSnapshot() {
        created("web1");
        core.pool.failWith(new VireoException(ErrorCode.INTERNAL, "qemu-img create failed"));

        OperationView op = core.finish(clones.clone("web1", new CloneRequest("c1", "linked", null)));

        assertThat(op.status()).isEqualTo("failure");
        assertNothingLeftOf("c1");
        assertThat(core.state.listSnapshots("web1")).isEmpty();
        assertThat(core.instances.get("web1").rootDisk()).isEqualTo(InstancePaths.FIRST_LAYER);
    }

    @Test
    void aLinkedCloneThatFailsAfterItsSnapshotWasTakenDropsThatSnapshot() throws IOException {
        created("web1");
        // a stale file where the clone's disk goes makes the step after the snapshot fail
        Files.createDirectories(paths("c1").dir());
        Files.writeString(paths("c1").file(InstancePaths.FIRST_LAYER), "stale");

        OperationView op = core.finish(clones.clone("web1", new CloneRequest("c1", "linked", null)));

        assertThat(op.status()).isEqualTo("failure");
        assertNothingLeftOf("c1");
        assertThat(core.state.listSnapshots("web1")).isEmpty();
        Instance web1 = core.instances.get("web1");
        try (Stream<Path> files = Files.list(paths("web1").dir())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".qcow2")))
                    .containsExactly(web1.rootDisk());
        }
    }

    // ---- identity

    @Test
    void theFirstStartOfACloneGivesItsGuestAFreshIdentityAndLaterStartsDoNot() {
        created("web1");
        cloned("web1", "web2", "full", null);

        core.succeed(core.instances.act("web2", new InstanceAction.Start()));

        assertThat(core.guests.edits()).containsExactly("identity root.qcow2 web2");
        assertThat(paths("web2").identityPending()).doesNotExist();

        core.succeed(core.instances.act("web2", STOP));
        core.succeed(core.instances.act("web2", new InstanceAction.Start()));

        assertThat(core.guests.edits()).containsExactly("identity root.qcow2 web2");
        assertThat(core.instances.get("web2").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aLinkedCloneGetsAFreshIdentityInItsOwnTopLayer() {
        created("web1");
        cloned("web1", "c1", "linked", null);

        core.succeed(core.instances.act("c1", new InstanceAction.Start()));

        assertThat(core.guests.edits()).containsExactly("identity root.qcow2 c1");
        assertThat(core.driver.starts().getLast().rootDisk()).isEqualTo(paths("c1").file("root.qcow2"));
    }

    @Test
    void theSourceKeepsItsIdentity() {
        core.running("web1");
        cloned("web1", "web2", "full", null);
        core.succeed(core.instances.act("web1", STOP));

        core.succeed(core.instances.act("web1", new InstanceAction.Start()));

        assertThat(core.guests.edits()).isEmpty();
    }

    // ---- publish

    @Test
    void publishingAStoppedInstanceMakesATemplateImage() throws IOException {
        created("web1");

        OperationView op = clones.publish("web1", new PublishRequest("web/base", null));
        assertThat(op.resources()).containsEntry("instance", "web1").containsEntry("image", "web/base");
        OperationView done = core.succeed(op);

        Image image = core.images.get("web/base");
        assertThat(image.template()).isTrue();
        assertThat(image.defaultUser()).isEqualTo("debian");
        assertThat(image.source()).isEqualTo("published from web1");
        assertThat(image.kernel()).isEqualTo(core.images.get("debian/12").kernel());
        assertThat(Files.readString(image.disk())).isEqualTo("flat copy of " + layer("web1", "root.qcow2") + "\n");
        assertThat(core.guests.edits()).singleElement().asString().matches("sysprep \\.publish-.*\\.qcow2");
        assertThat(done.warnings()).containsExactly("fake: nothing cleaned");
        try (Stream<Path> files = Files.list(paths("web1").dir())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".publish-"));
        }
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void publishingARunningInstanceNeedsASnapshot() {
        core.running("web1");

        assertThatThrownBy(() -> clones.publish("web1", new PublishRequest("web/base", null)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is running; stop it or publish a snapshot (--snapshot)");
        assertThat(core.images.exists("web/base")).isFalse();
    }

    @Test
    void aSnapshotOfARunningInstanceCanBePublished() throws IOException {
        core.running("web1");
        Snapshot s1 = snapshot("web1", "s1");

        core.succeed(clones.publish("web1", new PublishRequest("web/base", "s1")));

        Image image = core.images.get("web/base");
        assertThat(image.source()).isEqualTo("published from web1/s1");
        assertThat(Files.readString(image.disk())).isEqualTo("flat copy of " + layer("web1", s1.disk()) + "\n");
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(core.driver.calls("snapshotDisk")).hasSize(1);
    }

    @Test
    void publishRefusesAnExistingAliasAnUnknownSnapshotAndABadAlias() {
        created("web1");

        assertThatThrownBy(() -> clones.publish("web1", new PublishRequest("debian/12", null)))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS)).hasMessage("image debian/12 already exists");
        assertThatThrownBy(() -> clones.publish("web1", new PublishRequest("web/base", "nope")))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> clones.publish("web1", new PublishRequest("Web Base", null)))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> clones.publish("ghost", new PublishRequest("web/base", null)))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND));
        assertThat(core.guests.edits()).isEmpty();
    }

    @Test
    void anInstanceLaunchedFromAPublishedTemplateGetsAFreshIdentity() {
        created("web1");
        core.succeed(clones.publish("web1", new PublishRequest("web/base", null)));

        created("web3", "web/base");

        assertThat(paths("web3").identityPending()).isRegularFile();
        assertThat(core.instances.get("web3").imageFingerprint()).isEqualTo(core.images.get("web/base").fingerprint());

        core.succeed(core.instances.act("web3", new InstanceAction.Start()));

        assertThat(core.guests.edits()).last().isEqualTo("identity root.qcow2 web3");
        assertThat(paths("web3").identityPending()).doesNotExist();
    }

    @Test
    void anInstanceLaunchedFromABuiltImageHasNoIdentityToRenew() {
        created("web1");

        assertThat(paths("web1").identityPending()).doesNotExist();
    }
}
