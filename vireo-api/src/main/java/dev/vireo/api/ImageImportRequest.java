package dev.vireo.api;

/** Body of {@code POST /v1/images}: import a qcow2 or raw disk from a host path or an http(s) URL. */
public record ImageImportRequest(String source, String alias, String sha256) {}
