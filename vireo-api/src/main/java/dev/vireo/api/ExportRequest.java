package dev.vireo.api;

/** Body of {@code POST /v1/instances/{name}/export}: the daemon writes an OVA to {@code path}, an absolute host path. */
public record ExportRequest(String path) {}
