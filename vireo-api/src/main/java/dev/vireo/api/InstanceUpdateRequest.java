package dev.vireo.api;

/**
 * Body of {@code PATCH /v1/instances/{name}}: new hardware for a stopped instance. Null fields
 * stay as they are; {@code memory} is a size such as "2GiB".
 */
public record InstanceUpdateRequest(Integer cpus, String memory) {}
