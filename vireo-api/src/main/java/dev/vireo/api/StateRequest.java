package dev.vireo.api;

/** Body of {@code PUT /v1/instances/{name}/state}: action is start, stop, restart, pause or resume. */
public record StateRequest(String action, Integer timeoutSeconds, Boolean force) {}
