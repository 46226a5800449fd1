package dev.vireo.storage.volume;

/**
 * LV names for Vireo's pools, volumes and snapshots. Vireo names are {@code [a-z0-9][a-z0-9-]*}
 * and never hold '_', so '_' separates the parts unambiguously and the prefix of one volume's
 * snapshots is never the prefix of another's.
 */
final class LvNames {
    private LvNames() {}

    /** The thin pool {@code create} makes, and the only one {@code delete} removes. */
    static String defaultThinPool(String pool) {
        return "vireo_" + pool;
    }

    static String volume(String pool, String volume) {
        return "vv_" + pool + "_" + volume;
    }

    static String snapshot(String pool, String volume, String snapshot) {
        return snapshotPrefix(pool, volume) + snapshot;
    }

    static String snapshotPrefix(String pool, String volume) {
        return "vs_" + pool + "_" + volume + "_";
    }

    /** A restore's new LV until it is renamed over the volume's. */
    static String restoring(String pool, String volume) {
        return "vr_" + pool + "_" + volume;
    }
}
