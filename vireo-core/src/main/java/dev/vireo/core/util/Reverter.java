package dev.vireo.core.util;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo for multi-step changes: register the undo of each step as it succeeds, call
 * {@link #success()} at the end; closing without success undoes in reverse order.
 */
public final class Reverter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reverter.class);

    /** An undo step; may throw, the remaining steps still run. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    private final Deque<Undo> undos = new ArrayDeque<>();
    private boolean succeeded;

    public void add(Undo undo) {
        undos.push(undo);
    }

    public void success() {
        succeeded = true;
        undos.clear();
    }

    @Override
    public void close() {
        if (succeeded) {
            return;
        }
        while (!undos.isEmpty()) {
            try {
                undos.pop().run();
            } catch (Exception e) {
                LOG.warn("revert step failed: {}", e.toString());
            }
        }
    }
}
