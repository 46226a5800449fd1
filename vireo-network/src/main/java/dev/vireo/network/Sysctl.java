package dev.vireo.network;

import java.util.List;

/** Kernel switches, set through {@code sysctl} so that they land in the network namespace commands run in. */
final class Sysctl {
    private final HostCommands commands;

    Sysctl(HostCommands commands) {
        this.commands = commands;
    }

    /** Sets {@code key} (dotted form) to {@code value}. */
    void set(String key, String value) {
        commands.check("sysctl " + key, List.of("sysctl", "-q", "-w", key + "=" + value));
    }

    /** The current value of {@code key}, null when it does not exist. */
    String get(String key) {
        var r = commands.run(List.of("sysctl", "-n", key));
        return r.exitCode() == 0 ? r.stdout().strip() : null;
    }

    /** Sets {@code key} to 1 unless it is already 1 (never turns anything off). */
    void enable(String key) {
        if (!"1".equals(get(key))) {
            set(key, "1");
        }
    }
}
