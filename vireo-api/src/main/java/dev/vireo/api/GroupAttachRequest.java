package dev.vireo.api;

/** Body of {@code POST /v1/instances/{name}/security-groups}: a group and the NIC (default eth0). */
public record GroupAttachRequest(String group, String nic) {}
