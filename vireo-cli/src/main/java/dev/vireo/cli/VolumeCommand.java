package dev.vireo.cli;

import dev.vireo.api.VolumeView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "volume",
        description = "Block volumes: create, copy, resize and delete them, attach them to instances, snapshot them.",
        footer = {"", "Run 'vireo volume VERB --help' for a verb's flags."},
        subcommands = {VolumeCreateCommand.class, VolumeCopyCommand.class, VolumeListCommand.class,
            VolumeShowCommand.class, VolumeResizeCommand.class, VolumeDeleteCommand.class, VolumeAttachCommand.class,
            VolumeDetachCommand.class, VolumeSnapshotCommand.class, HelpCommand.class})
final class VolumeCommand extends VerbGroup {
    /** Prints {@code volume} as JSON with --json, else the one-line {@code confirmation}. */
    static int print(CommandSpec spec, JsonOption json, VolumeView volume, String confirmation) {
        PrintWriter out = spec.commandLine().getOut();
        if (!json.print(out, volume)) {
            out.println(confirmation);
            out.flush();
        }
        return 0;
    }
}
