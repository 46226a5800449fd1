package dev.vireo.cli;

import dev.vireo.api.EventView;
import dev.vireo.api.client.Json;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "events",
        description = {"Print lifecycle events (instances, images) as they happen, until interrupted.",
            "With --json, each event is one JSON object per line, so tools can read the stream as it arrives."},
        footer = {"", "Examples:", "  vireo events", "  vireo events --json | jq -c 'select(.resource == \"demo\")'"})
final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        client.connect().events(event -> {
            out.println(json.enabled ? Json.compact(event) : format(event));
            out.flush();
        });
        return 0;
    }

    static String format(EventView e) {
        String line = String.format(Locale.ROOT, "%-20s  %-18s  %-16s  %s", Formats.time(e.time()),
                Table.text(e.type()), Table.text(e.resource()), Table.text(e.status()));
        return (e.message() == null || e.message().isBlank() ? line.stripTrailing() : line + "  " + e.message());
    }
}
