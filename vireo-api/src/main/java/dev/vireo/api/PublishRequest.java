package dev.vireo.api;

/** Body of {@code POST /v1/instances/{name}/publish}: make image {@code alias} from a stopped instance or a snapshot. */
public record PublishRequest(String alias, String snapshot) {}
