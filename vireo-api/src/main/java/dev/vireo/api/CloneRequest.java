package dev.vireo.api;

/**
 * Body of {@code POST /v1/instances/{name}/clone}. {@code mode} is "full" (the default: an
 * independent copy) or "linked" (a qcow2 overlay on a snapshot of the source). Without
 * {@code snapshot} the source's current state is used, through a snapshot taken for the clone.
 */
public record CloneRequest(String target, String mode, String snapshot) {}
