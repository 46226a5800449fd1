package dev.vireo.api;

/** Body of {@code PATCH /v1/volumes/{name}}: a larger {@code size}; volumes only grow. */
public record VolumeUpdateRequest(String size) {}
