package dev.vireo.core.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationManagerTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final OperationManager operations = new OperationManager(Clock.fixed(T0, ZoneOffset.UTC));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedWork() {
        release.countDown();
    }

    private void blockUntilReleased() throws InterruptedException {
        if (!release.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never released the work");
        }
    }

    @Test
    void successfulWorkEndsWithSuccessAndFullProgress() throws InterruptedException {
        OperationView submitted = operations.submit("launch web1", Map.of("instance", "web1"),
                p -> p.update(0.5, "half way"));

        OperationView done = operations.await(submitted.id(), WAIT);

        assertThat(done.status()).isEqualTo("success");
        assertThat(done.done()).isTrue();
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.error()).isNull();
        assertThat(done.description()).isEqualTo("launch web1");
        assertThat(done.resources()).containsExactly(Map.entry("instance", "web1"));
        assertThat(done.createdAt()).isEqualTo(T0);
    }

    @Test
    void submitReturnsARunningOperationAtOnce() {
        OperationView submitted = operations.submit("slow", Map.of(), p -> blockUntilReleased());

        assertThat(submitted.status()).isEqualTo("running");
        assertThat(submitted.id()).isNotBlank();
        assertThat(operations.get(submitted.id()).status()).isEqualTo("running");
    }

    @Test
    void aVireoExceptionBecomesTheErrorBody() throws InterruptedException {
        OperationView submitted = operations.submit("pause web1", Map.of(), p -> {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance web1 is stopped; cannot pause");
        });

        OperationView done = operations.await(submitted.id(), WAIT);

        assertThat(done.status()).isEqualTo("failure");
        assertThat(done.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_STATE,
                "instance web1 is stopped; cannot pause"));
    }

    @Test
    void anyOtherExceptionIsInternalWithItsMessage() throws InterruptedException {
        OperationView withMessage = operations.submit("a", Map.of(), p -> {
            throw new java.io.IOException("disk full");
        });
        OperationView withoutMessage = operations.submit("b", Map.of(), p -> {
            throw new IllegalStateException();
        });

        assertThat(operations.await(withMessage.id(), WAIT).error())
                .isEqualTo(new ErrorBody(ErrorCode.INTERNAL, "disk full"));
        assertThat(operations.await(withoutMessage.id(), WAIT).error())
                .isEqualTo(new ErrorBody(ErrorCode.INTERNAL, "IllegalStateException"));
    }

    @Test
    void anErrorStillFinishesTheOperation() throws InterruptedException {
        OperationView submitted = operations.submit("a", Map.of(), p -> {
            throw new AssertionError("boom");
        });

        OperationView done = operations.await(submitted.id(), WAIT);

        assertThat(done.status()).isEqualTo("failure");
        assertThat(done.error().code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void awaitWithATimeoutReturnsTheRunningOperation() throws InterruptedException {
        OperationView submitted = operations.submit("slow", Map.of(), p -> blockUntilReleased());

        OperationView stillRunning = operations.await(submitted.id(), Duration.ofMillis(50));

        assertThat(stillRunning.status()).isEqualTo("running");
        assertThat(stillRunning.done()).isFalse();
        release.countDown();
        assertThat(operations.await(submitted.id(), WAIT).status()).isEqualTo("success");
    }

    @Test
    void progressIsVisibleWhileRunning() {
        OperationView submitted = operations.submit("build", Map.of(), p -> {
            p.update(0.25, "downloading");
            blockUntilReleased();
        });

        await().atMost(WAIT).untilAsserted(() -> {
            OperationView now = operations.get(submitted.id());
            assertThat(now.progress()).isEqualTo(0.25);
            assertThat(now.progressText()).isEqualTo("downloading");
        });
    }

    @Test
    void unknownOperationIsNotFound() {
        assertThatThrownBy(() -> operations.get("nope"))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("operation nope not found");
        assertThatThrownBy(() -> operations.await("nope", WAIT)).isInstanceOf(VireoException.class);
    }

    @Test
    void listShowsEveryOperation() {
        OperationView a = operations.submit("a", Map.of(), p -> {});
        OperationView b = operations.submit("b", Map.of(), p -> blockUntilReleased());

        assertThat(operations.list()).extracting(OperationView::id).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void keepsTheLast500FinishedOperationsAndEveryRunningOne() throws InterruptedException {
        OperationView running = operations.submit("slow", Map.of(), p -> blockUntilReleased());
        OperationView oldest = operations.submit("first", Map.of(), p -> {});
        operations.await(oldest.id(), WAIT);
        List<OperationView> later = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            later.add(operations.submit("op " + i, Map.of(), p -> {}));
        }
        for (OperationView op : later) {
            operations.await(op.id(), WAIT);
        }

        operations.submit("one more", Map.of(), p -> {});

        assertThatThrownBy(() -> operations.get(oldest.id())).isInstanceOf(VireoException.class);
        assertThat(operations.get(later.getFirst().id()).status()).isEqualTo("success");
        assertThat(operations.get(running.id()).status()).isEqualTo("running");
    }
}
