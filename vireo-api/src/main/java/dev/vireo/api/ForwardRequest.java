package dev.vireo.api;

/**
 * Body of {@code POST /v1/networks/{name}/forwards}: {@code listen} "ADDRESS:PORT" on the host,
 * {@code to} "INSTANCE:PORT", {@code proto} "tcp" (default) or "udp".
 */
public record ForwardRequest(String listen, String to, String proto) {}
