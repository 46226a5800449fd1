package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessWaiterTest {
    private static final Pattern MARKER = Pattern.compile("Cloud-init v\\. \\S+ finished");
    private static final Duration LONG = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicReference<String> progressText = new AtomicReference<>();
    private final Progress countPolls = (fraction, text) -> {
        progressText.set(text);
        polls.incrementAndGet();
    };
    private final AtomicBoolean alive = new AtomicBoolean(true);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Path log() {
        return dir.resolve("serial.log");
    }

    private void append(String text) throws IOException {
        Files.writeString(log(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private CompletableFuture<Double> waitInBackground(long offset, Duration timeout, Clock clock) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new ReadinessWaiter(clock).await("web1", log(), offset, MARKER, timeout, alive::get,
                        countPolls);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    /** Waits until the waiter has read the log at least once after this call. */
    private void awaitAFullPoll() {
        int seen = polls.get();
        await().atMost(LONG).until(() -> polls.get() >= seen + 2);
    }

    @Test
    void returnsOnceTheMarkerAppears() throws Exception {
        append("[    0.000000] Linux version 6.1.0\n");
        CompletableFuture<Double> waiting = waitInBackground(0, LONG, Clock.systemUTC());
        awaitAFullPoll();
        assertThat(waiting).isNotDone();

        append("Cloud-init v. 22.4 finished at Thu, 01 Jan 2026. Up 36.1 seconds\n");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNegative();
    }

    @Test
    void findsAMarkerSplitAcrossTwoAppends() throws Exception {
        CompletableFuture<Double> waiting = waitInBackground(0, LONG, Clock.systemUTC());
        append("boot...\nCloud-init v. 22");
        awaitAFullPoll();
        assertThat(waiting).isNotDone();

        append(".4 finished at Thu, 01 Jan 2026\n");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNegative();
    }

    @Test
    void waitsForALogThatDoesNotExistYet() throws Exception {
        CompletableFuture<Double> waiting = waitInBackground(0, LONG, Clock.systemUTC());
        awaitAFullPoll();

        append("Cloud-init v. 22.4 finished\n");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNegative();
    }

    @Test
    void ignoresAMarkerBeforeTheOffset() throws Exception {
        append("Cloud-init v. 22.4 finished (previous boot)\n");
        long offset = Files.size(log());
        CompletableFuture<Double> waiting = waitInBackground(offset, LONG, Clock.systemUTC());
        awaitAFullPoll();
        awaitAFullPoll();
        assertThat(waiting).isNotDone();

        append("[    0.000000] Linux version 6.1.0\nCloud-init v. 22.4 finished (this boot)\n");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNegative();
    }

    @Test
    void aGuestThatStopsFailsWithInvalidState() throws Exception {
        append("Kernel panic - not syncing\n");
        CompletableFuture<Double> waiting = waitInBackground(0, LONG, Clock.systemUTC());
        awaitAFullPoll();

        alive.set(false);

        assertThat(waiting).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingRootCause()
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .withMessage("instance web1 stopped before first boot finished; see: vireo console web1 --show-log");
    }

    @Test
    void aMarkerAlreadyWrittenWinsOverAGuestThatStoppedSinceThen() throws Exception {
        append("Cloud-init v. 22.4 finished\n");
        alive.set(false);

        double waited = new ReadinessWaiter(Clock.systemUTC()).await("web1", log(), 0, MARKER, LONG, alive::get,
                countPolls);

        assertThat(waited).isNotNegative();
    }

    @Test
    void noMarkerWithinTheTimeoutFailsWithTimeout() {
        Clock clock = new StepClock(Duration.ofSeconds(1)); // each look at the clock is a second later

        assertThatThrownBy(() -> new ReadinessWaiter(clock).await("web1", log(), 0, MARKER, Duration.ofSeconds(3),
                alive::get, countPolls))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessage("instance web1 is running but first boot did not finish within 3 s; see: vireo console "
                        + "web1 --show-log");
    }

    @Test
    void reportsHowLongItHasWaited() {
        Clock clock = new StepClock(Duration.ofSeconds(1));

        assertThatThrownBy(() -> new ReadinessWaiter(clock).await("web1", log(), 0, MARKER, Duration.ofSeconds(3),
                alive::get, countPolls)).isInstanceOf(VireoException.class);

        assertThat(polls).hasValueGreaterThanOrEqualTo(2);
        assertThat(progressText.get()).matches("waiting for first boot \\(\\d+ s\\)");
    }

    /** A clock that moves forward by {@code step} every time it is read. */
    private static final class StepClock extends Clock {
        private final Duration step;
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        StepClock(Duration step) {
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }
    }
}
