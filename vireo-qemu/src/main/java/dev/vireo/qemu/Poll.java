package dev.vireo.qemu;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition on something we cannot get a notification from (another process's exit). */
final class Poll {
    private static final long STEP_MS = 50;

    private Poll() {}

    /** True once {@code condition} holds, false if it still does not after {@code timeout}. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(STEP_MS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
    }
}
