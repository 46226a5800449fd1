package dev.vireo.qemu;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the QEMU driver.
 *
 * @param binary        the QEMU system emulator, a path or a name looked up on PATH
 * @param launchTimeout how long the foreground QEMU may take to set the guest up and daemonize
 * @param qmpTimeout    QMP connect (greeting) and per-command timeout
 * @param settleTimeout how long pause/resume wait for query-status to confirm, and quit/SIGKILL for the exit
 * @param clock         timestamps in qmp.log
 */
public record QemuSettings(String binary, Duration launchTimeout, Duration qmpTimeout, Duration settleTimeout,
        Clock clock) {

    public QemuSettings {
        Objects.requireNonNull(binary);
        positive(launchTimeout, "launchTimeout");
        positive(qmpTimeout, "qmpTimeout");
        positive(settleTimeout, "settleTimeout");
        Objects.requireNonNull(clock);
    }

    public static QemuSettings defaults() {
        return new QemuSettings("qemu-system-x86_64", Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
