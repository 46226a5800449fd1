package dev.vireo.api;

/** The one JSON error shape: {@code {"code":"not-found","message":"instance web1 not found"}}. */
public record ErrorBody(ErrorCode code, String message) {}
