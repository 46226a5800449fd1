package dev.vireo.cli;

import dev.vireo.api.InstanceView;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.client.Json;
import dev.vireo.api.client.VireoClient;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The flow of {@code launch} and {@code create}: send, wait with progress, report the instance. */
final class InstanceLauncher {
    private InstanceLauncher() {}

    static int run(CommandSpec spec, ClientOptions client, JsonOption json, LaunchOptions options, boolean start) {
        LaunchRequest request = options.request(start);
        VireoClient vireo = client.connect();
        OperationView op = vireo.launch(request);
        Operations.await(spec, vireo, op, (start ? "Launching " : "Creating ") + request.name());
        InstanceView instance = vireo.instance(request.name());
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            out.println(Json.pretty(instance));
        } else {
            String ssh = Formats.sshCommand(instance.ssh());
            out.println((start ? "Launched " : "Created ") + instance.name()
                    + (start && ssh != null ? " (ssh: " + ssh + ")" : ""));
        }
        out.flush();
        return 0;
    }
}
