package dev.vireo.api;

/**
 * Body of {@code POST /v1/volumes}: a new empty volume of {@code size} (e.g. "10GiB") in
 * {@code pool} (default: the pool named default), or, with {@code source}, a copy of volume
 * {@code source} (at its {@code snapshot} when given; copy-on-write where the pool can).
 */
public record VolumeRequest(String name, String size, String pool, String source, String snapshot) {}
