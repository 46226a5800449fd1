package dev.vireo.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The QEMU process of one instance, found through {@code /proc}. A pid alone proves nothing
 * (pids are reused), so "alive" means: the process exists, is not a zombie, and its command line
 * is a qemu-system binary started with {@code -uuid <this instance's uuid>}.
 */
record QemuPid(long pid, UUID uuid) {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    QemuPid {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(uuid);
    }

    boolean alive() {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            // Nobody may reap a daemonized QEMU (it is reparented), so a dead one can linger as a zombie.
            if (isZombie(Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8))) {
                return false;
            }
            return isOurQemu(Files.readAllBytes(proc.resolve("cmdline")), uuid);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isZombie(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return true;
        }
        char state = stat.charAt(close + 2);
        return state == 'Z' || state == 'X';
    }

    static boolean isOurQemu(byte[] cmdline, UUID uuid) {
        List<String> argv = Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
        if (argv.isEmpty() || !Path.of(argv.getFirst()).getFileName().toString().startsWith("qemu-system")) {
            return false;
        }
        int flag = argv.indexOf("-uuid");
        return flag >= 0 && flag + 1 < argv.size() && argv.get(flag + 1).equals(uuid.toString());
    }

    /** Sends SIGKILL if it is still our QEMU. */
    void kill() {
        if (alive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    boolean awaitExit(Duration timeout) {
        return Poll.until(() -> !alive(), timeout);
    }

    /** SIGKILL and wait; true once it is gone. */
    boolean killAndWait() {
        kill();
        return awaitExit(KILL_WAIT);
    }
}
