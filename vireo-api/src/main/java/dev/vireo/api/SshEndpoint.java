package dev.vireo.api;

/** Where the guest's SSH port is reachable from the host, and as whom to log in. */
public record SshEndpoint(String host, int port, String user) {}
