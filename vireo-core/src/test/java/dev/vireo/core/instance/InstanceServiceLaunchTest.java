package dev.vireo.core.instance;

import static dev.vireo.core.fakes.FakeCore.USER_KEY;
import static dev.vireo.core.fakes.FakeCore.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.fakes.FakeHosts;
import dev.vireo.core.fakes.Gate;
import dev.vireo.core.seed.NoCloudSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceServiceLaunchTest {
    private static final String USER_DATA = "#cloud-config\nruncmd:\n  - touch /tmp/hello\n";

    @TempDir
    Path dir;

    private FakeCore core;
    private final List<EventView> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        core.events.subscribe(events::add);
    }

    private static LaunchRequest withKeysAndUserData(String name) {
        return new LaunchRequest(name, "debian/12", null, null, null, List.of(USER_KEY), USER_DATA, null, null, null);
    }

    private InstancePaths paths(String name) {
        return new InstancePaths(core.instancesDir.resolve(name));
    }

    private void assertNothingLeftOf(String name) {
        assertThat(core.state.findInstance(name)).isEmpty();
        assertThat(paths(name).dir()).doesNotExist();
        assertThat(core.driver.guests()).doesNotContain(name);
    }

    @Test
    void launchCreatesTheRootDiskAndSeedThenStartsTheGuest() {
        OperationView op = core.instances.launch(withKeysAndUserData("web1"));
        assertThat(op.resources()).containsEntry("instance", "web1");
        core.succeed(op);

        Instance web1 = core.instances.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(web1.pid()).isEqualTo(core.driver.pid("web1"));
        assertThat(web1.sshPort()).isBetween(1, 65535);
        assertThat(web1.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(web1.imageFingerprint()).isEqualTo(core.images.get("debian/12").fingerprint());
        assertThat(paths("web1").file(InstancePaths.FIRST_LAYER)).isRegularFile();
        assertThat(core.pool.disks()).containsEntry(paths("web1").file(InstancePaths.FIRST_LAYER), LaunchPlan.DEFAULT_DISK);
        assertThat(core.driver.actions("web1")).containsExactly("start");
        StartSpec start = core.driver.starts().getFirst();
        assertThat(start.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(start.sshPort()).isEqualTo(web1.sshPort());
        assertThat(start.instance().profile().cmdline()).isEqualTo("root=/dev/vda rw console=ttyS0");
    }

    @Test
    void theSeedCarriesHostnameInstanceIdUserAndDaemonKeysAndUserData() {
        core.succeed(core.instances.launch(withKeysAndUserData("web1")));
        Instance web1 = core.instances.get("web1");

        NoCloudSeed seed = core.seeds.seedAt(paths("web1").seedIso());
        assertThat(seed.hostname()).isEqualTo("web1");
        assertThat(seed.instanceId()).isEqualTo(web1.uuid().toString());
        assertThat(seed.publicKeys()).containsExactly(USER_KEY, FakeCore.DAEMON_KEY.publicKey());
        assertThat(seed.userData()).isEqualTo(USER_DATA);
        assertThat(paths("web1").seedIso()).content()
                .contains("local-hostname: web1\n")
                .contains("instance-id: " + web1.uuid() + "\n")
                .endsWith("--- user-data\n" + USER_DATA);
    }

    @Test
    void withoutUserDataTheSeedHasAnEmptyCloudConfigAndOnlyTheDaemonKey() {
        core.running("web1");

        NoCloudSeed seed = core.seeds.seedAt(paths("web1").seedIso());
        assertThat(seed.publicKeys()).containsExactly(FakeCore.DAEMON_KEY.publicKey());
        assertThat(seed.userData()).isEqualTo("#cloud-config\n{}\n");
    }

    @Test
    void anImageWithoutCloudInitGetsNoSeed() {
        core.succeed(core.instances.launch(request("t1", "tiny")));

        assertThat(paths("t1").seedIso()).doesNotExist();
        assertThat(core.instances.get("t1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void theDiskGrowsToTheImageWhenTheImageIsLargerThanTheDefault() {
        core.succeed(core.instances.launch(new LaunchRequest("web1", "debian/12", null, null, "3GiB", null, null,
                null, null, null)));

        assertThat(core.pool.disks()).containsEntry(paths("web1").file(InstancePaths.FIRST_LAYER), 3L << 30);
        assertThat(core.instances.get("web1").spec().diskBytes()).isEqualTo(3L << 30);
    }

    @Test
    void aDiskSmallerThanTheImageFailsAndLeavesNothing() {
        OperationView op = core.finish(core.instances.launch(new LaunchRequest("web1", "debian/12", null, null,
                "1GiB", null, null, null, null, null)));

        assertThat(op.status()).isEqualTo("failure");
        assertThat(op.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(op.error().message()).isEqualTo("disk 1GiB is smaller than image debian/12 (2GiB)");
        assertNothingLeftOf("web1");
    }

    @Test
    void startFalseOnlyDefinesTheInstance() {
        core.succeed(core.instances.launch(new LaunchRequest("web1", "debian/12", null, null, null, null, null, null,
                false, null)));

        Instance web1 = core.instances.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web1.statusReason()).isNull();
        assertThat(paths("web1").file(InstancePaths.FIRST_LAYER)).isRegularFile();
        assertThat(core.driver.calls("start")).isEmpty();
    }

    @Test
    void aFailedStartLeavesNoRowNoDirectoryAndNoGuest() {
        core.driver.failOn("start", new VireoException(ErrorCode.INTERNAL, "qemu exited with status 1"));

        OperationView op = core.finish(core.instances.launch(withKeysAndUserData("web1")));

        assertThat(op.status()).isEqualTo("failure");
        assertThat(op.error().message()).isEqualTo("qemu exited with status 1");
        assertNothingLeftOf("web1");
        assertThat(core.driver.guests()).isEmpty();
        assertThat(events).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("instance-deleted");
            assertThat(e.message()).isEqualTo("launch failed");
        });
    }

    @Test
    void aFailedDiskLeavesNoRowAndNoDirectory() {
        core.pool.failWith(new VireoException(ErrorCode.INTERNAL, "qemu-img create failed"));

        OperationView op = core.finish(core.instances.launch(request("web1", "debian/12")));

        assertThat(op.error().message()).isEqualTo("qemu-img create failed");
        assertNothingLeftOf("web1");
        assertThat(core.driver.calls()).isEmpty();
    }

    @Test
    void aFailedImageBuildLeavesNoRow() {
        core.imageStore.failWith(new VireoException(ErrorCode.UNAVAILABLE, "mmdebstrap failed"));

        OperationView op = core.finish(core.instances.launch(request("web1", "debian/12")));

        assertThat(op.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertNothingLeftOf("web1");
        assertThat(core.images.list()).isEmpty();
    }

    @Test
    void theNameCanBeReusedAfterAFailedLaunch() {
        core.driver.failOn("start", new VireoException(ErrorCode.INTERNAL, "qemu exited"));
        core.finish(core.instances.launch(request("web1", "debian/12")));
        core.driver.succeedOn("start");

        assertThat(core.running("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aDuplicateNameIsRefusedSynchronously() {
        core.running("web1");

        assertThatThrownBy(() -> core.instances.launch(request("web1", "tiny")))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessage("instance web1 already exists");
        assertThat(core.instances.get("web1").image()).isEqualTo("debian/12");
    }

    @Test
    void aDuplicateNameIsRefusedWhileTheFirstLaunchIsStillRunning() throws InterruptedException {
        Gate build = core.imageStore.holdBuild();
        OperationView first = core.instances.launch(request("web1", "debian/12"));
        assertThat(build.awaitEntered()).isTrue();

        assertThatThrownBy(() -> core.instances.launch(request("web1", "debian/12")))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));

        build.open();
        core.succeed(first);
    }

    @Test
    void anUnknownImageIsNotFoundAndReservesNothing() {
        assertThatThrownBy(() -> core.instances.launch(request("web1", "nope/1")))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("image nope/1");
        assertThat(core.state.listInstances()).isEmpty();
        assertThat(core.operations.list()).isEmpty();
    }

    @Test
    void theUnknownImageMessageSaysNotFoundBeforeTheHint() {
        assertThatThrownBy(() -> core.instances.launch(request("web1", "nope/1")))
                .hasMessage("image nope/1 not found (see: vireo image list; build one with: vireo image build "
                        + "debian/12)");
    }

    @Test
    void anInvalidRequestIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> core.instances.launch(request("Web_1", "debian/12")))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(core.state.listInstances()).isEmpty();
        assertThat(core.operations.list()).isEmpty();
    }

    @Test
    void launchPublishesCreatedThenStartingThenRunning() {
        core.running("web1");

        assertThat(events).filteredOn(e -> "web1".equals(e.resource()))
                .extracting(e -> e.type() + ":" + e.status())
                .containsSubsequence("instance-created:Stopped", "instance-status:Starting", "instance-status:Running");
    }

    @Test
    void aGuestThatNeverFinishesFirstBootTimesOutButKeepsRunning() {
        core = new FakeCore(dir.resolve("slow"), FakeHosts.tcg(),
                new InstanceService.Settings(Duration.ofSeconds(1)));
        core.driver.serialOnStart("[    0.000000] Linux version 6.1.0\n");

        OperationView op = core.finish(core.instances.launch(request("web1", "debian/12")));

        assertThat(op.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(op.error().message()).startsWith("instance web1 is running but first boot did not finish within 1 s");
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void waitReadyFalseDoesNotWaitForTheMarker() {
        core.driver.serialOnStart("");

        core.succeed(core.instances.launch(new LaunchRequest("web1", "debian/12", null, null, null, null, null, null,
                null, false)));

        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aGuestThatDiesDuringFirstBootFailsTheLaunchAndIsRecordedStopped() {
        core.driver.serialOnStart("");
        OperationView op = core.instances.launch(request("web1", "debian/12"));
        await().atMost(FakeCore.WAIT).until(() -> core.state.findInstance("web1")
                .map(i -> i.status() == InstanceStatus.RUNNING).orElse(false));

        core.driver.guestDies("web1", "guest panicked");

        OperationView done = core.finish(op);
        assertThat(done.error().code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(done.error().message()).startsWith("instance web1 stopped before first boot finished");
        Instance web1 = core.instances.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web1.pid()).isNull();
    }
}
