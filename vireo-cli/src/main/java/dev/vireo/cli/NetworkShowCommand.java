package dev.vireo.cli;

import dev.vireo.api.NetworkView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one managed network, with its instances and port forwards.",
        footer = {"", "Examples:", "  vireo network show lan", "  vireo network show lan --json"})
final class NetworkShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Network name.")
    String name;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        NetworkView n = client.connect().network(name);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, n)) {
            return 0;
        }
        new Fields()
                .add("name", n.name())
                .add("type", n.type())
                .add("subnet", n.subnet())
                .add("gateway", n.gateway())
                .add("nat", Formats.yesNo(n.nat()))
                .add("dns domain", n.dnsDomain())
                .add("mtu", n.mtu())
                .add("vni", n.vni())
                .add("peers", n.peers() == null ? null : String.join(", ", n.peers()))
                .add("bridge", n.bridge())
                .add("instances", n.instances() == null ? null : String.join(", ", n.instances()))
                .add("forwards", n.forwards() == null ? null
                        : String.join(", ", n.forwards().stream().map(NetworkCommand::forward).toList()))
                .add("created", Formats.time(n.createdAt()))
                .print(out);
        return 0;
    }
}
