package dev.vireo.core.volume;

import java.util.List;

/**
 * SPI: one kind of storage pool ({@code dir}, {@code lvm-thin}). Mechanism only: names are already
 * validated and locks held by the caller. Every method leaves its target whole or untouched.
 * Volume snapshots here are taken on detached volumes, or on block devices (where the storage,
 * not the hypervisor, owns the data); a qcow2 volume that a running guest has open is
 * snapshotted by the instance driver instead.
 */
public interface PoolDriver {
    /** The name users give to {@code --driver}. */
    String name();

    /**
     * Makes the pool usable and returns its normalized {@code source} to record: for {@code dir}
     * the absolute directory (created if missing), for {@code lvm-thin} {@code VG/THINPOOL} (the
     * thin pool is created in the volume group if missing). {@code source} is what the user gave
     * ({@code --path} or {@code --vg}; may be null for a default).
     */
    String create(String pool, String source);

    /** Removes what {@link #create} made; the caller has checked the pool holds no volumes. */
    void delete(Pool pool);

    PoolUsage usage(Pool pool);

    BlockDevice createVolume(Pool pool, String volume, long sizeBytes);

    BlockDevice device(Pool pool, String volume);

    /** Deletes the volume and all its snapshots. */
    void deleteVolume(Pool pool, String volume);

    /** Grows the volume to {@code sizeBytes} (larger than now). For a raw block device this is safe while in use. */
    void resizeVolume(Pool pool, String volume, long sizeBytes);

    void createSnapshot(Pool pool, String volume, String snapshot);

    void deleteSnapshot(Pool pool, String volume, String snapshot);

    /** Puts the volume's content back to the snapshot's (the snapshot stays). */
    void restoreSnapshot(Pool pool, String volume, String snapshot);

    /** Snapshot names of a volume as the storage has them. */
    List<String> snapshots(Pool pool, String volume);

    /**
     * A new volume {@code target} with the content of {@code source} at {@code snapshot} (null:
     * its current content; the source is not in use). Copy-on-write where the pool can
     * (lvm-thin: a thin snapshot); a full copy otherwise.
     */
    BlockDevice cloneVolume(Pool pool, String source, String snapshot, String target);

    /** Virtual size of the volume in bytes. */
    long size(Pool pool, String volume);

    /** Bytes the volume takes in the pool. */
    long allocated(Pool pool, String volume);

    /** Bytes a pool can hold and bytes in use. */
    record PoolUsage(long capacityBytes, long usedBytes) {}
}
