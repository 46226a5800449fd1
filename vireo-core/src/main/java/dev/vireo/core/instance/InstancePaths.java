package dev.vireo.core.instance;

import java.nio.file.Path;

/** The files of one instance under {@code <state>/instances/<name>/}. */
public record InstancePaths(Path dir) {
    public Path rootDisk() {
        return dir.resolve("root.qcow2");
    }

    public Path seedIso() {
        return dir.resolve("seed.iso");
    }

    public Path qmpSocket() {
        return dir.resolve("qmp.sock");
    }

    public Path consoleSocket() {
        return dir.resolve("console.sock");
    }

    public Path serialLog() {
        return dir.resolve("serial.log");
    }

    public Path pidFile() {
        return dir.resolve("qemu.pid");
    }

    public Path qemuLog() {
        return dir.resolve("qemu.log");
    }

    public Path qmpLog() {
        return dir.resolve("qmp.log");
    }
}
