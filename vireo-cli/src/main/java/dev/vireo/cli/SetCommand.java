package dev.vireo.cli;

import dev.vireo.api.InstanceUpdateRequest;
import dev.vireo.api.InstanceView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "set", description = {"Change a stopped instance's hardware.",
    "Memory snapshots taken before the change can no longer be restored."},
        footer = {"", "Examples:", "  vireo set demo --cpus 2", "  vireo set demo --memory 2GiB"})
final class SetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String name;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs.")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory, e.g. 512MiB or 2GiB.")
    String memory;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (cpus == null && memory == null) {
            throw new ParameterException(spec.commandLine(), "nothing to change: give --cpus or --memory");
        }
        InstanceView i = client.connect().updateInstance(name, new InstanceUpdateRequest(cpus, memory));
        spec.commandLine().getOut().printf("%s: %d cpus, %s memory%n", i.name(), i.cpus(),
                Formats.size(i.memoryBytes()));
        return 0;
    }
}
