package dev.vireo.cli;

import picocli.CommandLine.Parameters;

/** The {@code NAME SNAP} pair that the snapshot verbs take. */
final class SnapshotArgs {
    @Parameters(index = "0", paramLabel = "NAME", description = "Instance name.")
    String instance;

    @Parameters(index = "1", paramLabel = "SNAP", description = "Snapshot name.")
    String snapshot;
}
