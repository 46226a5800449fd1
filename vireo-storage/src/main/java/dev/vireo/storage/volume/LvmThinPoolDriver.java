package dev.vireo.storage.volume;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.PoolDriver;
import dev.vireo.storage.Lvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pools in an LVM2 thin pool: volumes are thin LVs used as raw block devices, snapshots and clones
 * are thin snapshots (copy-on-write, O(1)). LV names are derived from Vireo names, which never
 * contain '_', so they split unambiguously (see {@link LvNames}).
 *
 * <p>Snapshot LVs keep LVM's activation-skip flag: they stay inactive and hold no device until a
 * restore or clone copies them. Sizes are whole LVM extents (4 MiB by default), so a volume can be
 * slightly larger than asked; {@link #size} reports the real size.
 */
public final class LvmThinPoolDriver implements PoolDriver {
    public static final String NAME = "lvm-thin";
    /** Of the free extents: the rest stays for the pool metadata spare LV and for growing the pool later. */
    static final String THIN_POOL_EXTENTS = "90%FREE";

    private final Lvm lvm;

    public LvmThinPoolDriver() {
        this(new Lvm());
    }

    public LvmThinPoolDriver(Lvm lvm) {
        this.lvm = Objects.requireNonNull(lvm);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@code source} is {@code VG} or {@code VG/THINPOOL}; the thin pool defaults to {@code vireo_<pool>}
     * and, when missing, is made with {@code lvcreate --type thin-pool -l 90%FREE}.
     */
    @Override
    public String create(String pool, String source) {
        if (source == null || source.isBlank()) {
            throw VireoException.invalid("an lvm-thin pool needs a volume group (VG or VG/THINPOOL)");
        }
        String[] parts = source.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw VireoException.invalid("lvm-thin source must be VG or VG/THINPOOL, not " + source);
        }
        String vg = parts[0];
        String thinPool = parts.length == 2 ? parts[1] : LvNames.defaultThinPool(pool);
        if (lvm.vg(vg).isEmpty()) {
            throw VireoException.invalid("volume group " + vg + " not found");
        }
        Optional<Lvm.Lv> existing = lvm.lv(vg, thinPool);
        if (existing.isPresent() && !existing.get().thinPool()) {
            throw VireoException.invalid(vg + "/" + thinPool + " is not a thin pool");
        }
        if (existing.isEmpty()) {
            lvm.createThinPool(vg, thinPool, THIN_POOL_EXTENTS);
        }
        return vg + "/" + thinPool;
    }

    /** Removes the thin pool only when Vireo made it ({@code vireo_<pool>}) and it holds no LVs. */
    @Override
    public void delete(Pool pool) {
        Source s = Source.of(pool);
        if (!s.thinPool().equals(LvNames.defaultThinPool(pool.name()))) {
            return; // the user's thin pool: it stays
        }
        List<Lvm.Lv> lvs = lvm.lvs(s.vg());
        if (lvs.stream().noneMatch(lv -> lv.name().equals(s.thinPool()))) {
            return;
        }
        List<String> inside = lvs.stream().filter(lv -> lv.pool().equals(s.thinPool())).map(Lvm.Lv::name).toList();
        if (!inside.isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "thin pool " + pool.source() + " still holds "
                    + String.join(", ", inside) + "; remove them first");
        }
        lvm.remove(s.vg(), s.thinPool());
    }

    /** The thin pool's size, and how much of it holds data (LVM's data_percent). */
    @Override
    public PoolUsage usage(Pool pool) {
        Source s = Source.of(pool);
        Lvm.Lv thin = lvm.lv(s.vg(), s.thinPool())
                .orElseThrow(() -> VireoException.notFound("thin pool " + pool.source()));
        return new PoolUsage(thin.sizeBytes(), allocatedBytes(thin));
    }

    @Override
    public BlockDevice createVolume(Pool pool, String volume, long sizeBytes) {
        Source s = Source.of(pool);
        String lv = LvNames.volume(pool.name(), volume);
        requireAbsent(s, lv, "volume " + volume + " already exists in pool " + pool.name());
        lvm.createThinVolume(s.vg(), s.thinPool(), lv, sizeBytes);
        return device(pool, volume);
    }

    /** The LV's device node, activating the LV first if it is not active (after a reboot, say). */
    @Override
    public BlockDevice device(Pool pool, String volume) {
        Source s = Source.of(pool);
        Lvm.Lv lv = requireVolume(pool, volume);
        if (!lv.active()) {
            lvm.activate(s.vg(), lv.name());
            lv = requireVolume(pool, volume);
        }
        return new BlockDevice(nodeOf(lv), BlockDevice.RAW, true);
    }

    /** Removes the volume's snapshot LVs, then the volume's LV (and any half-done restore). */
    @Override
    public void deleteVolume(Pool pool, String volume) {
        Source s = Source.of(pool);
        String prefix = LvNames.snapshotPrefix(pool.name(), volume);
        List<String> names = lvm.lvs(s.vg()).stream().map(Lvm.Lv::name).toList();
        for (String name : names) {
            if (name.startsWith(prefix)) {
                lvm.remove(s.vg(), name);
            }
        }
        for (String name : List.of(LvNames.restoring(pool.name(), volume), LvNames.volume(pool.name(), volume))) {
            if (names.contains(name)) {
                lvm.remove(s.vg(), name);
            }
        }
    }

    /** {@code lvextend}: safe while a guest uses the device; QEMU sees the new size after {@code block_resize}. */
    @Override
    public void resizeVolume(Pool pool, String volume, long sizeBytes) {
        Lvm.Lv lv = requireVolume(pool, volume);
        if (sizeBytes < lv.sizeBytes()) {
            throw VireoException.invalid("volume " + volume + " is " + Sizes.format(lv.sizeBytes())
                    + "; volumes only grow, not to " + Sizes.format(sizeBytes));
        }
        if (sizeBytes > lv.sizeBytes()) {
            lvm.extend(lv.vg(), lv.name(), sizeBytes);
        }
    }

    @Override
    public void createSnapshot(Pool pool, String volume, String snapshot) {
        Source s = Source.of(pool);
        Lvm.Lv origin = requireVolume(pool, volume);
        String lv = LvNames.snapshot(pool.name(), volume, snapshot);
        requireAbsent(s, lv, "volume " + volume + " already has snapshot " + snapshot);
        lvm.createThinSnapshot(s.vg(), origin.name(), lv, false);
    }

    @Override
    public void deleteSnapshot(Pool pool, String volume, String snapshot) {
        lvm.remove(Source.of(pool).vg(), requireSnapshot(pool, volume, snapshot).name());
    }

    /**
     * Replaces the volume's LV by a new thin snapshot of the snapshot LV under the volume's name
     * (the volume must not be in use). The copy is made first under a temporary name, so a failure
     * to make it (a full pool, say) leaves the volume untouched; then the old LV is removed and the
     * copy renamed into place. The other snapshots of the volume are independent thin LVs and stay.
     */
    @Override
    public void restoreSnapshot(Pool pool, String volume, String snapshot) {
        Source s = Source.of(pool);
        Lvm.Lv origin = requireVolume(pool, volume);
        Lvm.Lv snap = requireSnapshot(pool, volume, snapshot);
        String temp = LvNames.restoring(pool.name(), volume);
        if (lvm.lv(s.vg(), temp).isPresent()) {
            lvm.remove(s.vg(), temp); // left by a restore that failed before its rename
        }
        lvm.createThinSnapshot(s.vg(), snap.name(), temp, true);
        try {
            lvm.remove(s.vg(), origin.name());
        } catch (VireoException e) {
            lvm.remove(s.vg(), temp);
            throw e;
        }
        lvm.rename(s.vg(), temp, origin.name());
    }

    @Override
    public List<String> snapshots(Pool pool, String volume) {
        requireVolume(pool, volume);
        String prefix = LvNames.snapshotPrefix(pool.name(), volume);
        return lvm.lvs(Source.of(pool).vg()).stream().map(Lvm.Lv::name).filter(n -> n.startsWith(prefix))
                .map(n -> n.substring(prefix.length())).sorted().toList();
    }

    /** A thin snapshot of the source (or of its snapshot LV), activation-skip cleared and active. */
    @Override
    public BlockDevice cloneVolume(Pool pool, String source, String snapshot, String target) {
        Source s = Source.of(pool);
        Lvm.Lv from = snapshot == null ? requireVolume(pool, source) : requireSnapshot(pool, source, snapshot);
        String lv = LvNames.volume(pool.name(), target);
        requireAbsent(s, lv, "volume " + target + " already exists in pool " + pool.name());
        lvm.createThinSnapshot(s.vg(), from.name(), lv, true);
        return device(pool, target);
    }

    @Override
    public long size(Pool pool, String volume) {
        return requireVolume(pool, volume).sizeBytes();
    }

    /** Data the thin volume has written, from LVM's data_percent (0 while the LV is inactive). */
    @Override
    public long allocated(Pool pool, String volume) {
        return allocatedBytes(requireVolume(pool, volume));
    }

    private static long allocatedBytes(Lvm.Lv lv) {
        return lv.dataPercent() <= 0 ? 0 : Math.round(lv.sizeBytes() * lv.dataPercent() / 100.0);
    }

    /**
     * /dev/VG/LV is a symlink that udev (or LVM itself, when udev is not running) makes;
     * /dev/mapper/VG-LV is the device-mapper node. Prefer the stable name, fall back to the node.
     */
    private static Path nodeOf(Lvm.Lv lv) {
        return Stream.of(lv.path(), lv.dmPath()).filter(p -> !p.isEmpty()).map(Path::of).filter(Files::exists)
                .findFirst().orElseThrow(() -> new VireoException(ErrorCode.INTERNAL, "LV " + lv.vg() + "/" + lv.name()
                        + " is active but has no device node (" + lv.path() + "); is udev settling?"));
    }

    private Lvm.Lv requireVolume(Pool pool, String volume) {
        return lvm.lv(Source.of(pool).vg(), LvNames.volume(pool.name(), volume))
                .orElseThrow(() -> VireoException.notFound("volume " + volume + " in pool " + pool.name()));
    }

    private Lvm.Lv requireSnapshot(Pool pool, String volume, String snapshot) {
        requireVolume(pool, volume);
        return lvm.lv(Source.of(pool).vg(), LvNames.snapshot(pool.name(), volume, snapshot))
                .orElseThrow(() -> VireoException.notFound("snapshot " + snapshot + " of volume " + volume));
    }

    private void requireAbsent(Source s, String lv, String message) {
        if (lvm.lv(s.vg(), lv).isPresent()) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, message);
        }
    }

    /** A pool's recorded {@code VG/THINPOOL}. */
    record Source(String vg, String thinPool) {
        static Source of(Pool pool) {
            int slash = pool.source().indexOf('/');
            if (slash <= 0 || slash == pool.source().length() - 1) {
                throw new VireoException(ErrorCode.INTERNAL, "pool " + pool.name() + " has source " + pool.source()
                        + ", not VG/THINPOOL");
            }
            return new Source(pool.source().substring(0, slash), pool.source().substring(slash + 1));
        }
    }
}
