package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.EventView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon restart: the old service shuts down (guests keep running), a new one reconciles. */
class InstanceServiceReconcileTest {
    @TempDir
    Path dir;

    private FakeCore core;
    private final List<EventView> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
    }

    private InstanceService restartDaemon(Runnable whileDown) {
        core.instances.shutdown();
        whileDown.run();
        core.events.subscribe(events::add);
        InstanceService restarted = core.newInstanceService();
        restarted.reconcile();
        return restarted;
    }

    @Test
    void shutdownDetachesWithoutStoppingGuests() {
        core.running("web1");

        core.instances.shutdown();

        assertThat(core.driver.calls("detachAll")).hasSize(1);
        assertThat(core.driver.calls("stop")).isEmpty();
        assertThat(core.driver.status("web1")).isEqualTo(InstanceStatus.RUNNING);
        assertThat(core.driver.listening("web1")).isFalse();
    }

    @Test
    void aGuestThatDiedWhileTheDaemonWasDownIsMarkedStopped() {
        core.running("web1");

        InstanceService restarted = restartDaemon(() -> core.driver.guestDiesUnobserved("web1", "killed by OOM"));

        Instance web1 = restarted.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web1.statusReason()).isEqualTo("killed by OOM");
        assertThat(web1.pid()).isNull();
        assertThat(web1.sshPort()).isNull();
        assertThat(events).extracting(e -> e.type() + ":" + e.resource() + ":" + e.status())
                .containsExactly("instance-status:web1:Stopped");
    }

    @Test
    void aDiskSwitchTheDaemonDidNotLiveToRecordIsAdoptedFromTheHypervisor() {
        core.running("web1");
        Path switched = core.instancesDir.resolve("web1").resolve("layer-0badcafe.qcow2");

        InstanceService restarted = restartDaemon(() -> core.driver.reportRootDisk("web1", switched));

        assertThat(restarted.get("web1").rootDisk()).isEqualTo("layer-0badcafe.qcow2");
    }

    @Test
    void aRootDiskOutsideTheInstanceDirectoryIsNotAdopted() {
        core.running("web1");

        InstanceService restarted = restartDaemon(() -> core.driver.reportRootDisk("web1",
                Path.of("/elsewhere/layer-1.qcow2")));

        assertThat(restarted.get("web1").rootDisk()).isEqualTo(InstancePaths.FIRST_LAYER);
    }

    @Test
    void aGuestThatKeptRunningIsReattachedAndKeepsItsPid() {
        long pid = core.running("web1").pid();

        InstanceService restarted = restartDaemon(() -> {});

        Instance web1 = restarted.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(web1.pid()).isEqualTo(pid);
        assertThat(core.driver.listening("web1")).isTrue();
        assertThat(core.driver.actions("web1")).containsExactly("start");
        assertThat(events).isEmpty();
    }

    @Test
    void aPausedGuestStaysPaused() {
        core.running("web1");
        core.succeed(core.instances.act("web1", new InstanceAction.Pause()));

        InstanceService restarted = restartDaemon(() -> {});

        assertThat(restarted.get("web1").status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(core.driver.listening("web1")).isTrue();
    }

    @Test
    void aReattachedGuestThatDiesLaterIsNoticed() {
        core.running("web1");
        InstanceService restarted = restartDaemon(() -> {});

        core.driver.guestDies("web1", "guest shut down");

        await().atMost(FakeCore.WAIT).until(() -> restarted.get("web1").status() == InstanceStatus.STOPPED);
    }

    @Test
    void everyInstanceIsReconciled() {
        core.running("web1");
        core.running("db1");
        core.running("cache1");

        InstanceService restarted = restartDaemon(() -> {
            core.driver.guestDiesUnobserved("web1", "crashed");
            core.driver.guestDiesUnobserved("cache1", "crashed");
        });

        assertThat(restarted.list()).extracting(i -> i.name() + ":" + i.status().label())
                .containsExactlyInAnyOrder("web1:Stopped", "db1:Running", "cache1:Stopped");
    }

    @Test
    void anInstanceThatCannotBeObservedIsMarkedError() {
        core.running("web1");

        InstanceService restarted = restartDaemon(() -> core.driver.failOn("observe",
                new VireoException(dev.vireo.api.ErrorCode.UNAVAILABLE, "QMP socket refused connection")));

        Instance web1 = restarted.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.ERROR);
        assertThat(web1.statusReason()).isEqualTo("cannot observe: QMP socket refused connection");
    }
}
