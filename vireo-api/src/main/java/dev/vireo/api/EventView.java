package dev.vireo.api;

import java.time.Instant;

/** A lifecycle event on {@code /v1/events}: type is instance-status, instance-created, instance-deleted, image-*. */
public record EventView(String type, String resource, String status, String message, Instant time) {}
