package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "wait",
        description = {"Wait for an operation to finish, showing its progress; fails with the operation's error."},
        footer = {"", "Example:", "  vireo operation wait 6f1c2a"})
final class OperationWaitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Operation id.")
    String id;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        OperationView op = vireo.operation(id);
        String label = op.description() == null || op.description().isBlank() ? "Operation " + id : op.description();
        OperationView done = Operations.await(spec, vireo, op, label);
        OperationShowCommand.print(spec.commandLine().getOut(), done, json.enabled);
        return 0;
    }
}
