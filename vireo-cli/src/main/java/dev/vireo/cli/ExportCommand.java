package dev.vireo.cli;

import dev.vireo.api.ExportRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export",
        description = {"Write an instance to an OVA appliance that VirtualBox, VMware or 'vireo import' can read.",
            "The daemon writes the file, on this host."},
        footer = {"", "Example:", "  vireo export demo ./demo.ova"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Instance name.")
    String instance;

    @Parameters(index = "1", paramLabel = "FILE.ova", description = "File to write (made absolute here).")
    String file;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (!HostPaths.hasExtension(file, ".ova")) {
            throw VireoException.invalid("cannot export to " + file + ": the file name must end in .ova");
        }
        String path = HostPaths.absolute(file);
        VireoClient vireo = client.connect();
        OperationView op = vireo.exportInstance(instance, new ExportRequest(path));
        return Operations.complete(spec, vireo, op, "Exporting " + instance, "Exported " + instance + " to " + path);
    }
}
