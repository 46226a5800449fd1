package dev.vireo.cli;

import dev.vireo.api.InstanceImportRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import",
        description = {"Make a stopped instance from an OVA or OVF appliance (e.g. exported by VirtualBox or VMware).",
            "What the appliance asks for but vireo cannot provide is printed as warnings.",
            "For a bare qcow2 or raw disk use 'vireo image import'."},
        footer = {"", "Examples:", "  vireo import ./appliance.ova web1",
            "  vireo import /srv/export/app.ovf app && vireo start app"})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .ova or .ovf file (made absolute here; "
            + "the daemon reads it, and an .ovf's disks next to it).")
    String file;

    @Parameters(index = "1", paramLabel = "NAME", description = "Name of the new instance.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (!HostPaths.hasExtension(file, ".ova", ".ovf")) {
            throw VireoException.invalid("cannot import " + file
                    + ": the file name must end in .ova or .ovf (for a disk image use: vireo image import)");
        }
        String path = HostPaths.absolute(file);
        VireoClient vireo = client.connect();
        OperationView op = vireo.importInstance(new InstanceImportRequest(path, name));
        return Operations.complete(spec, vireo, op, "Importing " + name,
                "Imported " + name + " from " + path + " (stopped; start it with: vireo start " + name + ")");
    }
}
