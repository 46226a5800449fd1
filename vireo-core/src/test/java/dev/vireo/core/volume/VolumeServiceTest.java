package dev.vireo.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.VireoException;
import dev.vireo.api.VolumeView;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.instance.InstanceAction;
import dev.vireo.core.seed.NoCloudSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeServiceTest {
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private FakeCore core;
    private VolumeService volumes;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        volumes = core.instances.volumes();
    }

    private static Consumer<Throwable> code(ErrorCode expected) {
        return e -> assertThat(((VireoException) e).code()).isEqualTo(expected);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOf(VireoException.class).satisfies(code(code)).hasMessageContaining(text);
    }

    @Test
    void theDefaultPoolIsADirPoolInTheStateDirAndCannotBeDeleted() {
        assertThat(volumes.listPools()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("default");
            assertThat(p.driver()).isEqualTo("dir");
            assertThat(p.source()).isEqualTo(dir.resolve("pools/default").toString());
        });
        refused(() -> volumes.deletePool("default"), ErrorCode.INVALID_STATE, "cannot be deleted");
    }

    @Test
    void poolsAreValidatedAndNotDeletedWhileTheyHoldVolumes() {
        refused(() -> volumes.createPool("Bad_Name", "dir", "/x"), ErrorCode.INVALID_ARGUMENT, "invalid pool name");
        refused(() -> volumes.createPool("p", "zfs", "/x"), ErrorCode.INVALID_ARGUMENT, "unknown pool driver 'zfs'");
        refused(() -> volumes.createPool("p", "dir", "relative"), ErrorCode.INVALID_ARGUMENT, "absolute");
        refused(() -> volumes.createPool("p", "lvm-thin", null), ErrorCode.INVALID_ARGUMENT, "volume group");
        refused(() -> volumes.createPool("p", "lvm-thin", "missing"), ErrorCode.INVALID_ARGUMENT, "not found");
        assertThat(volumes.listPools()).hasSize(1);

        refused(() -> volumes.createPool("again", "dir", dir.resolve("pools/./default").toString()),
                ErrorCode.ALREADY_EXISTS, "pool default already uses");
        assertThat(core.dirPools.calls()).as("the shared directory was never touched").noneMatch(
                c -> c.equals("create again") || c.equals("delete again"));
        volumes.createPool("fast", "lvm-thin", "vg0");
        refused(() -> volumes.createPool("fast", "lvm-thin", "vg1"), ErrorCode.ALREADY_EXISTS, "already exists");
        refused(() -> volumes.createPool("fast2", "lvm-thin", "vg0"), ErrorCode.ALREADY_EXISTS, "already uses vg0");
        volumes.create("db", "1GiB", "fast");
        refused(() -> volumes.deletePool("fast"), ErrorCode.INVALID_STATE, "holds volumes (db)");
        volumes.delete("db");
        volumes.deletePool("fast");
        assertThat(core.lvmPools.calls()).contains("delete fast");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER", "-lead", "trail-", "a_b", "twenty-one-characters"})
    void volumeNamesAreShortDnsLabels(String name) {
        refused(() -> volumes.create(name, "1GiB", null), ErrorCode.INVALID_ARGUMENT, "invalid volume name");
    }

    @Test
    void createGrowAndDelete() {
        VolumeView v = volumes.create("data", "1GiB", null);
        assertThat(v.pool()).isEqualTo("default");
        assertThat(v.sizeBytes()).isEqualTo(1L << 30);
        refused(() -> volumes.create("data", "1GiB", null), ErrorCode.ALREADY_EXISTS, "already exists");
        refused(() -> volumes.create("tiny", "1000", null), ErrorCode.INVALID_ARGUMENT, "below the minimum");
        refused(() -> volumes.create("x", "1GiB", "nope"), ErrorCode.NOT_FOUND, "pool nope");
        refused(() -> volumes.resize("data", "512MiB"), ErrorCode.INVALID_ARGUMENT, "only grow");
        assertThat(volumes.resize("data", "2GiB").sizeBytes()).isEqualTo(2L << 30);
        volumes.delete("data");
        assertThat(core.dirPools.has("default", "data")).isFalse();
        assertThat(volumes.list()).isEmpty();
    }

    @Test
    void attachToAStoppedInstanceIsARecordThatTheNextStartUses() {
        core.succeed(core.instances.launch(new LaunchRequest("web", "debian/12", null, null, null, List.of(), null,
                null, false, null)));
        volumes.create("a", "1GiB", null);
        volumes.create("b", "1GiB", null);
        volumes.attach("web", "a", null);
        assertThat(volumes.attach("web", "b", null).device()).isEqualTo("/dev/disk/by-id/virtio-b");
        assertThat(core.driver.calls("attachVolume")).isEmpty();
        refused(() -> volumes.attach("web", "a", null), ErrorCode.INVALID_STATE, "already attached to web");
        refused(() -> volumes.delete("a"), ErrorCode.INVALID_STATE, "detach it first");

        core.succeed(core.instances.act("web", new InstanceAction.Start()));
        StartSpec start = core.driver.starts().getLast();
        assertThat(start.volumes()).extracting(VolumeAttachment::volume, VolumeAttachment::slot)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0), org.assertj.core.groups.Tuple.tuple("b", 1));
    }

    @Test
    void attachAndDetachHotPlugIntoARunningGuest() {
        core.running("web");
        volumes.create("data", "1GiB", null);
        volumes.attach("web", "data", null);
        assertThat(core.driver.plugged("web")).containsExactly("data");
        VolumeView detached = volumes.detach("web", "data", T);
        assertThat(detached.instance()).isNull();
        assertThat(core.driver.plugged("web")).isEmpty();
        refused(() -> volumes.detach("web", "data", T), ErrorCode.INVALID_STATE, "not attached to web");
    }

    @Test
    void aGuestThatDoesNotReleaseKeepsTheVolumeAttached() {
        core.running("web");
        volumes.create("data", "1GiB", null);
        volumes.attach("web", "data", null);
        core.driver.failOn("detachVolume", new VireoException(ErrorCode.TIMEOUT, "guest did not release data"));
        refused(() -> volumes.detach("web", "data", T), ErrorCode.TIMEOUT, "did not release");
        assertThat(volumes.get("data").instance()).isEqualTo("web");
    }

    @Test
    void aFailedHotPlugRecordsNothing() {
        core.running("web");
        volumes.create("data", "1GiB", null);
        core.driver.failOn("attachVolume", new VireoException(ErrorCode.INTERNAL, "device_add failed"));
        refused(() -> volumes.attach("web", "data", null), ErrorCode.INTERNAL, "device_add failed");
        assertThat(volumes.get("data").instance()).isNull();
    }

    @Test
    void eightSlotsPerInstance() {
        core.running("web");
        for (int i = 0; i < VolumeAttachment.SLOTS; i++) {
            volumes.create("v" + i, "1GiB", null);
            volumes.attach("web", "v" + i, null);
        }
        volumes.create("extra", "1GiB", null);
        refused(() -> volumes.attach("web", "extra", null), ErrorCode.INSUFFICIENT_RESOURCES, "all 8 volume slots");
        volumes.detach("web", "v3", T);
        volumes.attach("web", "extra", null);
        assertThat(core.state.findVolume("extra").orElseThrow().slot()).isEqualTo(3);
    }

    @Test
    void onlineGrowthOfAQcow2VolumeIsTheHypervisorsAndOfABlockDeviceTheStoragesFirst() {
        core.running("web");
        refused(() -> volumes.createPool("again", "dir", dir.resolve("pools/./default").toString()),
                ErrorCode.ALREADY_EXISTS, "pool default already uses");
        assertThat(core.dirPools.calls()).as("the shared directory was never touched").noneMatch(
                c -> c.equals("create again") || c.equals("delete again"));
        volumes.createPool("fast", "lvm-thin", "vg0");
        volumes.create("q", "1GiB", null);
        volumes.create("r", "1GiB", "fast");
        volumes.attach("web", "q", null);
        volumes.attach("web", "r", null);
        volumes.resize("q", "2GiB");
        volumes.resize("r", "3GiB");
        assertThat(core.driver.calls("resizeVolume")).hasSize(2);
        assertThat(core.dirPools.calls()).noneMatch(c -> c.startsWith("resizeVolume"));
        assertThat(core.lvmPools.calls()).contains("resizeVolume r " + (3L << 30));
    }

    @Test
    void snapshotsOfAnInUseQcow2GoThroughTheHypervisorAndRestoreNeedsItStopped() {
        core.running("web");
        volumes.create("data", "1GiB", null);
        core.dirPools.write("default", "data", "v1");
        volumes.snapshot("data", "before");
        refused(() -> volumes.snapshot("data", "before"), ErrorCode.ALREADY_EXISTS, "already exists");
        core.dirPools.write("default", "data", "v2");
        volumes.restore("data", "before");
        assertThat(core.dirPools.content("default", "data")).isEqualTo("v1");

        volumes.attach("web", "data", null);
        volumes.snapshot("data", "live");
        assertThat(core.driver.calls("snapshotVolume")).hasSize(1);
        refused(() -> volumes.restore("data", "live"), ErrorCode.INVALID_STATE, "in use by running instance web");
        refused(() -> volumes.restore("data", "nope"), ErrorCode.NOT_FOUND, "snapshot nope");
        volumes.deleteSnapshot("data", "live");
        assertThat(core.driver.calls("deleteVolumeSnapshot")).hasSize(1);
        assertThat(volumes.get("data").snapshots()).containsExactly("before");
    }

    @Test
    void copiesComeFromASnapshotWhileTheSourceIsInUse() {
        core.running("web");
        volumes.create("data", "1GiB", null);
        core.dirPools.write("default", "data", "v1");
        volumes.snapshot("data", "s1");
        volumes.attach("web", "data", null);
        refused(() -> volumes.copy("copy", "data", null), ErrorCode.INVALID_STATE, "copy one of its snapshots");
        volumes.copy("copy", "data", "s1");
        assertThat(core.dirPools.content("default", "copy")).isEqualTo("v1");
    }

    @Test
    void launchAttachesVolumesAndAsksCloudInitToMountThem() {
        volumes.create("data", "1GiB", null);
        volumes.create("logs", "1GiB", null);
        core.succeed(core.instances.launch(new LaunchRequest("db", "debian/12", null, null, null, List.of(), null,
                null, true, null, List.of(new LaunchRequest.VolumeMount("data", "/data"),
                        new LaunchRequest.VolumeMount("logs", null)))));
        assertThat(core.driver.starts().getLast().volumes()).extracting(VolumeAttachment::volume)
                .containsExactly("data", "logs");
        NoCloudSeed seed = core.seeds.seedAt(core.instances.paths("db").seedIso());
        assertThat(seed.mounts()).containsExactly(new NoCloudSeed.Mount("/dev/disk/by-id/virtio-data", "/data", "data"));
    }

    @Test
    void badLaunchVolumesAreRefusedBeforeAnyWork() {
        volumes.create("data", "1GiB", null);
        refused(() -> core.instances.launch(launchWith(new LaunchRequest.VolumeMount("nope", null))),
                ErrorCode.NOT_FOUND, "volume nope");
        refused(() -> core.instances.launch(launchWith(new LaunchRequest.VolumeMount("data", "data"))),
                ErrorCode.INVALID_ARGUMENT, "invalid mount path");
        refused(() -> core.instances.launch(launchWith(new LaunchRequest.VolumeMount("data", "/a/../etc"))),
                ErrorCode.INVALID_ARGUMENT, "invalid mount path");
        refused(() -> core.instances.launch(launchWith(new LaunchRequest.VolumeMount("data", null),
                new LaunchRequest.VolumeMount("data", null))), ErrorCode.INVALID_ARGUMENT, "given twice");
        assertThat(core.instances.list()).isEmpty();
        assertThat(volumes.get("data").instance()).isNull();
    }

    @Test
    void aFailedLaunchReleasesItsVolumesAndDeleteReleasesThemToo() {
        volumes.create("data", "1GiB", null);
        core.driver.failOn("start", new VireoException(ErrorCode.INTERNAL, "qemu died"));
        core.finish(core.instances.launch(launchWith(new LaunchRequest.VolumeMount("data", "/data"))));
        assertThat(volumes.get("data").instance()).isNull();
        core.driver.succeedOn("start");
        core.succeed(core.instances.launch(launchWith(new LaunchRequest.VolumeMount("data", "/data"))));
        core.succeed(core.instances.delete("db", true));
        assertThat(volumes.get("data").instance()).isNull();
        assertThat(core.dirPools.has("default", "data")).isTrue();
    }

    private static LaunchRequest launchWith(LaunchRequest.VolumeMount... mounts) {
        return new LaunchRequest("db", "debian/12", null, null, null, List.of(), null, null, true, null,
                List.of(mounts));
    }

}
