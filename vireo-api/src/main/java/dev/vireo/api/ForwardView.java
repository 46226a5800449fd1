package dev.vireo.api;

/** A port forward: host {@code listen} ("127.0.0.1:8080") to {@code instance}'s {@code port} at {@code target}. */
public record ForwardView(String network, String listen, String proto, String instance, int port, String target) {}
