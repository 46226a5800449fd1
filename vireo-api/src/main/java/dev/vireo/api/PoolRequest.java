package dev.vireo.api;

/**
 * Body of {@code POST /v1/storage-pools}. {@code driver} is {@code dir} (the default; {@code source}
 * is a directory) or {@code lvm-thin} ({@code source} is a volume group, optionally {@code VG/THINPOOL}).
 */
public record PoolRequest(String name, String driver, String source) {}
