package dev.vireo.cli;

import dev.vireo.api.OperationView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List operations, running and recently finished.",
        footer = {"", "Examples:", "  vireo operation list", "  vireo operation list --json"})
final class OperationListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<OperationView> operations = client.connect().operations();
        Table table = new Table("ID", "STATUS", "PROGRESS", "DESCRIPTION", "CREATED");
        return json.printTable(spec.commandLine().getOut(), operations, table, op -> new Object[] {
                op.id(), op.status(), Formats.percent(op.progress()), op.description(), Formats.time(op.createdAt())});
    }
}
