package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete",
        description = {"Delete a backup file and its description. One that a later incremental backup builds on "
            + "is refused."},
        footer = {"", "Example:", "  vireo backup delete /var/lib/vireo/backups/demo/demo-20250102-030405-000.qcow2"})
final class BackupDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup's .qcow2 file (made absolute here).")
    String file;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        String path = HostPaths.absolute(file);
        client.connect().deleteBackup(path);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted backup " + path);
        out.flush();
        return 0;
    }
}
