package dev.vireo.api;

/** Where an instance's serial console is: a unix socket on the daemon's host, and the log file. */
public record ConsoleInfo(String socket, String log) {}
