package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.RestoreRequest;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore",
        description = {"Make a stopped instance from a backup file (and the backups it builds on).",
            "It keeps the guest's identity unless an instance with it still exists; then it gets a fresh one."},
        footer = {"", "Example:", "  vireo backup restore /var/lib/vireo/backups/demo/demo-20250102-030405-000.qcow2 demo2"})
final class BackupRestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup's .qcow2 file (made absolute here).")
    String file;

    @Parameters(index = "1", paramLabel = "NAME", description = "Name of the new instance.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        String path = HostPaths.absolute(file);
        VireoClient vireo = client.connect();
        OperationView op = vireo.restoreBackup(new RestoreRequest(path, name));
        return Operations.complete(spec, vireo, op, "Restoring " + name,
                "Restored " + name + " from " + path + " (stopped; start it with: vireo start " + name + ")");
    }
}
