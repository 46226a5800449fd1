package dev.vireo.cli;

import picocli.CommandLine.Option;

/** The shared {@code --json} flag: print JSON for scripts instead of text for people. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON (pretty-printed) for scripts instead of text.")
    boolean enabled;
}
