package dev.vireo.core.instance;

import java.nio.file.Path;

/** The files of one instance under {@code <state>/instances/<name>/}. */
public record InstancePaths(Path dir) {
    /** The first top layer of a root disk; snapshots move the top to new layer files. */
    public static final String FIRST_LAYER = "root.qcow2";

    /** A file of the instance, e.g. one of its disk layers, by its name. */
    public Path file(String name) {
        return dir.resolve(name);
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

    /** Present while the guest still has its source's identity (a clone, a template's child): removed at first start. */
    public Path identityPending() {
        return dir.resolve("identity.pending");
    }

    /** Saved RAM and device state of a snapshot. */
    public Path memoryState(String snapshot) {
        return dir.resolve("snapshots").resolve(snapshot + ".vmstate");
    }
}
