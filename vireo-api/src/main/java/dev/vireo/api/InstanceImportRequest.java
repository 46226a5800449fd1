package dev.vireo.api;

/** Body of {@code POST /v1/instances-import}: make stopped instance {@code name} from an .ova or .ovf at {@code source} (absolute host path). */
public record InstanceImportRequest(String source, String name) {}
