package dev.vireo.cli;

import dev.vireo.api.VolumeView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "snapshot", description = "Create, list, restore and delete snapshots of a volume.",
        footer = {"", "Run 'vireo volume snapshot VERB --help' for a verb's flags."},
        subcommands = {VolumeSnapshotCommand.Create.class, VolumeSnapshotCommand.ListSnapshots.class,
            VolumeSnapshotCommand.Restore.class, VolumeSnapshotCommand.Delete.class, HelpCommand.class})
final class VolumeSnapshotCommand extends VerbGroup {

    /** The {@code VOLUME SNAP} pair that these verbs take. */
    static final class Args {
        @Parameters(index = "0", paramLabel = "VOLUME", description = "Volume name.")
        String volume;

        @Parameters(index = "1", paramLabel = "SNAP", description = "Snapshot name.")
        String snapshot;
    }

    @Command(name = "create",
            description = "Snapshot a volume, attached or not (crash-consistent while a guest writes to it).",
            footer = {"", "Example:", "  vireo volume snapshot create data before-migration"})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Args args;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            VolumeView v = client.connect().createVolumeSnapshot(args.volume, args.snapshot);
            return VolumeCommand.print(spec, json, v, "Snapshot " + args.snapshot + " of volume " + v.name()
                    + " created");
        }
    }

    @Command(name = "list", description = "List a volume's snapshots.",
            footer = {"", "Examples:", "  vireo volume snapshot list data", "  vireo volume snapshot list data --json"})
    static final class ListSnapshots implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VOLUME", description = "Volume name.")
        String volume;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            VolumeView v = client.connect().volume(volume);
            List<String> snapshots = v.snapshots() == null ? List.of() : v.snapshots();
            PrintWriter out = spec.commandLine().getOut();
            if (!json.print(out, snapshots)) {
                snapshots.forEach(out::println);
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "restore", description = {"Put a volume back to a snapshot; changes made since are lost.",
        "A volume in use by a running instance is refused: stop it or detach the volume first."},
            footer = {"", "Example:", "  vireo volume snapshot restore data before-migration"})
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Args args;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            VolumeView v = client.connect().restoreVolumeSnapshot(args.volume, args.snapshot);
            return VolumeCommand.print(spec, json, v, "Restored volume " + v.name() + " to " + args.snapshot);
        }
    }

    @Command(name = "delete", description = "Delete a snapshot of a volume.",
            footer = {"", "Example:", "  vireo volume snapshot delete data before-migration"})
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Args args;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            VolumeView v = client.connect().deleteVolumeSnapshot(args.volume, args.snapshot);
            return VolumeCommand.print(spec, json, v, "Deleted snapshot " + args.snapshot + " of volume " + v.name());
        }
    }
}
