package dev.vireo.qemu.qmp;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Waits for one event. Made by {@link QmpMonitor#expect} before the command that causes the event
 * is sent, so an event that arrives before {@link #await} is not missed; closing it stops listening.
 */
public final class QmpEventWait implements QmpListener, AutoCloseable {
    private final QmpMonitor monitor;
    private final Predicate<QmpEvent> match;
    private final CompletableFuture<QmpEvent> seen = new CompletableFuture<>();

    QmpEventWait(QmpMonitor monitor, Predicate<QmpEvent> match) {
        this.monitor = Objects.requireNonNull(monitor);
        this.match = Objects.requireNonNull(match);
    }

    @Override
    public void event(QmpEvent event) {
        if (match.test(event)) {
            seen.complete(event);
        }
    }

    @Override
    public void disconnected(QmpDisconnected cause) {
        seen.completeExceptionally(cause);
    }

    /** The event, or null if it did not come within {@code timeout}; QmpDisconnected if the connection broke. */
    public QmpEvent await(Duration timeout) {
        try {
            return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!monitor.isConnected()) {
                throw new QmpDisconnected("QMP connection lost while waiting for an event");
            }
            return null;
        } catch (ExecutionException e) {
            throw (QmpException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpDisconnected("interrupted while waiting for a QMP event", e);
        }
    }

    @Override
    public void close() {
        monitor.removeListener(this);
    }
}
