package dev.vireo.core.volume;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a volume's bytes are, as a hypervisor opens them: a qcow2 file (dir pools) or a raw
 * block device (lvm-thin pools). {@code blockDevice} says which kind of node opens {@code path}
 * (QEMU's {@code host_device} rather than {@code file}).
 */
public record BlockDevice(Path path, String format, boolean blockDevice) {
    public static final String QCOW2 = "qcow2";
    public static final String RAW = "raw";

    public BlockDevice {
        Objects.requireNonNull(path);
        if (!format.equals(QCOW2) && !format.equals(RAW)) {
            throw new IllegalArgumentException("format must be qcow2 or raw, not " + format);
        }
    }

    /** A qcow2 file records its own size and snapshots, so the process that has it open must change them. */
    public boolean selfDescribing() {
        return format.equals(QCOW2);
    }
}
