package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.client.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one operation.",
        footer = {"", "Example:", "  vireo operation show 6f1c2a"})
final class OperationShowCommand implements Callable<Integer> {
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
        print(spec.commandLine().getOut(), client.connect().operation(id), json.enabled);
        return 0;
    }

    static void print(PrintWriter out, OperationView op, boolean json) {
        if (json) {
            out.println(Json.pretty(op));
            out.flush();
            return;
        }
        new Fields()
                .add("id", op.id())
                .add("description", op.description())
                .add("status", op.status())
                .add("progress", Formats.percent(op.progress())
                        + (op.progressText() == null ? "" : " " + op.progressText()))
                .add("resources", resources(op.resources()))
                .add("error", op.error() == null ? null : op.error().code().id() + ": " + op.error().message())
                .add("created", Formats.time(op.createdAt()))
                .add("updated", Formats.time(op.updatedAt()))
                .print(out);
    }

    private static String resources(Map<String, String> resources) {
        return resources == null || resources.isEmpty() ? null : resources.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
