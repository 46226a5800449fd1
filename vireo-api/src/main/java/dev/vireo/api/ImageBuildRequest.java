package dev.vireo.api;

/** Body of {@code POST /v1/images-build}: build a recipe such as "debian/12" offline. */
public record ImageBuildRequest(String recipe, Boolean rebuild) {}
