package dev.vireo.core.instance;

import static dev.vireo.core.fakes.FakeCore.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.fakes.Gate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceServiceConcurrencyTest {
    private static final Duration STOP = Duration.ofSeconds(30);
    /** How long a request must stay queued behind a held one; long enough to notice one that is not. */
    private static final Duration QUEUED = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private FakeCore core;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
    }

    @RepeatedTest(5)
    void twoConcurrentLaunchesWithOneNameHaveExactlyOneWinner() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OperationView>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (String image : List.of("debian/12", "tiny")) {
                attempts.add(pool.submit(() -> {
                    go.await();
                    return core.instances.launch(request("web1", image));
                }));
            }
            go.countDown();
        }

        List<OperationView> won = new ArrayList<>();
        List<Throwable> lost = new ArrayList<>();
        for (Future<OperationView> f : attempts) {
            try {
                won.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                lost.add(e.getCause());
            }
        }
        assertThat(won).hasSize(1);
        assertThat(lost).singleElement().isInstanceOfSatisfying(VireoException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        core.succeed(won.getFirst());
        assertThat(core.state.listInstances()).singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING));
        assertThat(core.driver.calls("start")).hasSize(1);
    }

    @Test
    void anActionQueuesBehindTheOneInProgressAndRunsAfterIt() throws InterruptedException {
        core.running("web1");
        Gate pause = core.driver.hold("pause");
        OperationView pausing = core.instances.act("web1", new InstanceAction.Pause());
        assertThat(pause.awaitEntered()).isTrue();

        OperationView stopping = core.instances.act("web1", new InstanceAction.Stop(STOP, false));

        assertThat(core.operations.await(stopping.id(), QUEUED).status()).isEqualTo("running");
        assertThat(core.driver.calls("stop")).isEmpty();
        pause.open();
        core.succeed(pausing);
        core.succeed(stopping);
        assertThat(core.driver.actions("web1")).containsExactly("start", "pause", "stop");
        assertThat(core.driver.maxConcurrentCallsPerInstance()).isEqualTo(1);
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void aQueuedActionIsRecheckedAgainstTheStateLeftByTheOneBefore() throws InterruptedException {
        core.running("web1");
        Gate pause = core.driver.hold("pause");
        OperationView pausing = core.instances.act("web1", new InstanceAction.Pause());
        assertThat(pause.awaitEntered()).isTrue();
        OperationView secondPause = core.instances.act("web1", new InstanceAction.Pause());

        pause.open();

        core.succeed(pausing);
        OperationView refused = core.finish(secondPause);
        assertThat(refused.error().code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(refused.error().message()).isEqualTo("instance web1 is paused; cannot pause");
        assertThat(core.driver.calls("pause")).hasSize(1);
    }

    @Test
    void whileAStopRunsAPauseIsRefusedAtOnceBecauseTheInstanceIsStopping() throws InterruptedException {
        core.running("web1");
        Gate stop = core.driver.hold("stop");
        OperationView stopping = core.instances.act("web1", new InstanceAction.Stop(STOP, false));
        assertThat(stop.awaitEntered()).isTrue();

        assertThatThrownBy(() -> core.instances.act("web1", new InstanceAction.Pause()))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is stopping; cannot pause");

        stop.open();
        core.succeed(stopping);
    }

    @Test
    void aForcedDeleteWaitsForTheStopInProgress() throws InterruptedException {
        core.running("web1");
        Gate stop = core.driver.hold("stop");
        OperationView stopping = core.instances.act("web1", new InstanceAction.Stop(STOP, false));
        assertThat(stop.awaitEntered()).isTrue();

        OperationView deleting = core.instances.delete("web1", true);

        assertThat(core.operations.await(deleting.id(), QUEUED).status()).isEqualTo("running");
        assertThat(core.state.findInstance("web1")).isPresent();
        stop.open();
        core.succeed(stopping);
        core.succeed(deleting);
        assertThat(core.state.findInstance("web1")).isEmpty();
        assertThat(core.driver.calls("stop")).hasSize(1);
        assertThat(core.driver.maxConcurrentCallsPerInstance()).isEqualTo(1);
    }

    @Test
    void actionsOnDifferentInstancesDoNotWaitForEachOther() throws InterruptedException {
        core.running("web1");
        core.running("db1");
        Gate stop = core.driver.hold("stop");
        OperationView stoppingWeb = core.instances.act("web1", new InstanceAction.Stop(STOP, false));
        assertThat(stop.awaitEntered()).isTrue();

        core.succeed(core.instances.act("db1", new InstanceAction.Pause()));

        assertThat(core.instances.get("db1").status()).isEqualTo(InstanceStatus.PAUSED);
        stop.open();
        core.succeed(stoppingWeb);
    }
}
