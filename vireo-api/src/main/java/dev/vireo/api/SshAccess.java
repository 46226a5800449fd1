package dev.vireo.api;

/** How the CLI on the daemon's host reaches a guest's SSH: endpoint, user and the daemon's private key. */
public record SshAccess(String host, int port, String user, String privateKeyPath) {}
