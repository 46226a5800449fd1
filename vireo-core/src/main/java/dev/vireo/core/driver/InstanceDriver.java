package dev.vireo.core.driver;

import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import java.nio.file.Path;
import java.time.Duration;

/**
 * SPI: mechanism only. A driver does what it is told and reports what is true; policy
 * (validation, locking, state transitions) stays in the core services. Guests outlive the
 * daemon: a driver re-attaches with {@link #observe} + {@link #watch} after a restart.
 */
public interface InstanceDriver {
    /** "vm" or "container". */
    String type();

    /** Starts the guest; returns once the hypervisor process runs (not waiting for the guest's boot). */
    Observation start(StartSpec spec, DriverListener listener);

    /** ACPI power-down, waiting up to {@code timeout}, then a hard stop; returns once the process is gone. */
    void stop(Instance instance, InstancePaths paths, Duration timeout, boolean force);

    void pause(Instance instance, InstancePaths paths);

    void resume(Instance instance, InstancePaths paths);

    /** Looks at the process and its monitor: Running, Paused or Stopped (with a reason when it died). */
    Observation observe(Instance instance, InstancePaths paths);

    /** Re-attaches to a running guest's monitor so that later changes reach the listener. */
    void watch(Instance instance, InstancePaths paths, DriverListener listener);

    /**
     * Crash-consistent disk snapshot of a running guest without pausing it: the hypervisor creates
     * {@code newTop}, a qcow2 overlay whose backing file is the current top layer, and writes there
     * from now on. Returns how long the command took in milliseconds (guest I/O waits at most that long).
     */
    long snapshotDisk(Instance instance, InstancePaths paths, Path newTop);

    /**
     * Snapshot with memory: pauses the guest, switches the disk as {@link #snapshotDisk} does, saves
     * RAM and device state to {@code stateFile}, then resumes the guest unless it was paused before.
     */
    void snapshotWithMemory(Instance instance, InstancePaths paths, Path newTop, Path stateFile);

    /**
     * Running guest: copies into its disk layer {@code layer} what it reads through the layers
     * between it and {@code newBase} (null: the whole chain below it), then makes {@code newBase}
     * its backing file. Returns when done; the layers in between are then unused.
     */
    void streamInto(Instance instance, InstancePaths paths, Path layer, Path newBase);

    /**
     * Hot-plugs a volume into the running guest on its slot's hot-plug port; returns once the
     * device exists (the guest sees a new disk appear).
     */
    void attachVolume(Instance instance, InstancePaths paths, VolumeAttachment volume);

    /**
     * Asks the guest to release the volume, waits up to {@code timeout} until it has, then closes
     * the device. A guest that does not let go leaves the volume attached (TIMEOUT).
     */
    void detachVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, Duration timeout);

    /**
     * Grows an attached volume as the running guest sees it. A qcow2 file is grown by the
     * hypervisor that has it open; a block device must have been grown by the storage first.
     */
    void resizeVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, long sizeBytes);

    /** Internal snapshot of an attached qcow2 volume while the guest runs. */
    void snapshotVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, String snapshot);

    void deleteVolumeSnapshot(Instance instance, InstancePaths paths, VolumeAttachment volume, String snapshot);

    /**
     * Copies the running guest's root disk into {@code target} without stopping it. {@code target}
     * exists: an empty qcow2 of the disk's size (full), or an empty overlay on the previous backup
     * (incremental: only what changed since the previous backup is written). A full backup starts
     * change tracking; an incremental one needs it unbroken since the previous backup and fails
     * with INVALID_STATE otherwise (tracking is lost with a disk snapshot or an unclean stop).
     */
    BackupResult backupRootDisk(Instance instance, InstancePaths paths, Path target, boolean incremental);

    /** What a backup job did: bytes it copied and how long it took. */
    record BackupResult(long bytesCopied, long millis) {}

    /** Drops monitor connections without touching guests (daemon shutdown). */
    void detachAll();
}
