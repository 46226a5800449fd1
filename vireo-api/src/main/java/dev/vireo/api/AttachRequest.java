package dev.vireo.api;

/** Body of {@code POST /v1/instances/{name}/volumes}: attach {@code volume} (hot-plugged if the instance runs). */
public record AttachRequest(String volume) {}
