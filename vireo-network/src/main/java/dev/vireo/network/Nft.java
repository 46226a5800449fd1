package dev.vireo.network;

import java.nio.file.Path;
import java.util.List;

/** Applies an nftables script with {@code nft -f}: the whole file is one atomic transaction. */
final class Nft {
    private final HostCommands commands;

    Nft(HostCommands commands) {
        this.commands = commands;
    }

    /** Writes {@code script} to {@code file} and applies it. */
    void apply(String what, String script, Path file) {
        TextFiles.writeIfChanged(file, script);
        commands.check(what, List.of("nft", "-f", file.toString()));
    }
}
