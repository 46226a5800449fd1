package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceServiceActionsTest {
    private static final InstanceAction STOP = new InstanceAction.Stop(Duration.ofSeconds(30), false);

    @TempDir
    Path dir;

    private FakeCore core;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
    }

    private Instance act(String name, InstanceAction action) {
        core.succeed(core.instances.act(name, action));
        return core.instances.get(name);
    }

    @Test
    void pausingAStoppedInstanceIsRefusedSynchronously() {
        core.running("web1");
        act("web1", STOP);
        int operationsBefore = core.operations.list().size();

        assertThatThrownBy(() -> core.instances.act("web1", new InstanceAction.Pause()))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is stopped; cannot pause");
        assertThat(core.operations.list()).hasSize(operationsBefore);
        assertThat(core.driver.calls("pause")).isEmpty();
    }

    @Test
    void anActionOnAnUnknownInstanceIsNotFound() {
        assertThatThrownBy(() -> core.instances.act("ghost", new InstanceAction.Start()))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("instance ghost not found");
    }

    @Test
    void pauseAndResumeChangeTheGuestAndTheRecord() {
        core.running("web1");

        assertThat(act("web1", new InstanceAction.Pause()).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(core.driver.status("web1")).isEqualTo(InstanceStatus.PAUSED);

        assertThat(act("web1", new InstanceAction.Resume()).status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(core.driver.status("web1")).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void stopClearsTheRuntimeFactsAndStartGivesNewOnes() {
        long firstPid = core.running("web1").pid();

        Instance stopped = act("web1", STOP);
        assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(stopped.pid()).isNull();
        assertThat(stopped.sshPort()).isNull();
        assertThat(core.driver.calls("stop")).singleElement()
                .satisfies(c -> assertThat(c.force()).isFalse());

        Instance started = act("web1", new InstanceAction.Start());
        assertThat(started.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(started.pid()).isNotNull().isNotEqualTo(firstPid);
        assertThat(started.sshPort()).isNotNull();
    }

    @Test
    void aForcedStopIsPassedToTheDriver() {
        core.running("web1");

        act("web1", new InstanceAction.Stop(Duration.ZERO, true));

        assertThat(core.driver.calls("stop")).singleElement().satisfies(c -> assertThat(c.force()).isTrue());
    }

    @Test
    void restartStopsThenStartsAgain() {
        long firstPid = core.running("web1").pid();

        Instance restarted = act("web1", new InstanceAction.Restart(Duration.ofSeconds(5), false));

        assertThat(core.driver.actions("web1")).containsExactly("start", "stop", "start");
        assertThat(restarted.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(restarted.pid()).isNotEqualTo(firstPid);
    }

    @Test
    void aFailedStartLeavesTheInstanceStoppedWithTheReason() {
        core.running("web1");
        act("web1", STOP);
        core.driver.failOn("start", new VireoException(ErrorCode.INTERNAL, "qemu: could not open disk"));

        OperationView op = core.finish(core.instances.act("web1", new InstanceAction.Start()));

        assertThat(op.error().message()).isEqualTo("qemu: could not open disk");
        Instance web1 = core.instances.get("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web1.statusReason()).isEqualTo("qemu: could not open disk");
        assertThat(web1.pid()).isNull();
    }

    @Test
    void aStopThatFailsRecordsWhatTheDriverThenSees() {
        core.running("web1");
        core.driver.failOn("stop", new VireoException(ErrorCode.TIMEOUT, "guest did not power off"));

        OperationView op = core.finish(core.instances.act("web1", STOP));

        assertThat(op.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aStopThatFailsUnexpectedlyDoesNotLeaveTheInstanceStopping() {
        core.running("web1");
        core.driver.failOn("stop", new UncheckedIOException(new java.io.IOException("QMP socket closed")));

        core.finish(core.instances.act("web1", STOP));

        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aGuestThatDiesIsRecordedStoppedWithTheReason() {
        core.running("web1");

        core.driver.guestDies("web1", "guest shut down");

        await().atMost(FakeCore.WAIT).untilAsserted(() -> {
            Instance web1 = core.instances.get("web1");
            assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
            assertThat(web1.statusReason()).isEqualTo("guest shut down");
            assertThat(web1.pid()).isNull();
        });
    }

    @Test
    void aDeadGuestCanBeStartedAgain() {
        core.running("web1");
        core.driver.guestDies("web1", "guest shut down");
        await().atMost(FakeCore.WAIT).until(() -> core.instances.get("web1").status() == InstanceStatus.STOPPED);

        assertThat(act("web1", new InstanceAction.Start()).status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void sshNeedsARunningInstanceAndUsesTheImagesDefaultUser() {
        Instance web1 = core.running("web1");

        var ssh = core.instances.ssh("web1");
        assertThat(ssh.port()).isEqualTo(web1.sshPort());
        assertThat(ssh.user()).isEqualTo("debian");
        assertThat(ssh.privateKeyPath()).isEqualTo(FakeCore.DAEMON_KEY.privateKeyPath());

        act("web1", STOP);
        assertThatThrownBy(() -> core.instances.ssh("web1"))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is stopped; cannot ssh");
    }
}
