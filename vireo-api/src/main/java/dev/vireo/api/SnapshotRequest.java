package dev.vireo.api;

/**
 * Body of {@code POST /v1/instances/{name}/snapshots}. {@code memory=true} also saves RAM and
 * device state of a running VM, so that a restore resumes the guest where it was.
 */
public record SnapshotRequest(String name, Boolean memory) {}
