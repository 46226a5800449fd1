package dev.vireo.core.instance;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per instance name: lifecycle changes to one instance run one at a time. */
public final class InstanceLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Locks the instance; close the returned handle to unlock. */
    public Held lock(String name) {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock(true));
        lock.lock();
        return lock::unlock;
    }

    /** A held lock. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
