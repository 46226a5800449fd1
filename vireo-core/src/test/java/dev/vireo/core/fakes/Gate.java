package dev.vireo.core.fakes;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a fake's call until the test opens it; the test can wait until the call arrived.
 * A call held longer than {@link #LIMIT_SECONDS} fails instead of hanging the build.
 */
public final class Gate {
    static final long LIMIT_SECONDS = 10;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    /** Blocks until a call reached the gate; false on timeout. */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(LIMIT_SECONDS, TimeUnit.SECONDS);
    }

    public boolean entered() {
        return entered.getCount() == 0;
    }

    public void open() {
        open.countDown();
    }

    /** Called by the fake from the blocked call. */
    void pass() {
        entered.countDown();
        try {
            if (!open.await(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at gate", e);
        }
    }
}
