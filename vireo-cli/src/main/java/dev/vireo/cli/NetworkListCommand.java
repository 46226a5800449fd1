package dev.vireo.cli;

import dev.vireo.api.NetworkView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List managed networks.",
        footer = {"", "GATEWAY is the host's address on the network (DHCP, DNS, router); INSTANCES have a NIC on it.",
            "", "Examples:", "  vireo network list", "  vireo network list --json"})
final class NetworkListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<NetworkView> networks = client.connect().networks();
        Table table = new Table("NAME", "TYPE", "SUBNET", "GATEWAY", "NAT", "INSTANCES");
        return json.printTable(spec.commandLine().getOut(), networks, table, n -> new Object[] {
                n.name(), n.type(), n.subnet(), n.gateway(), Formats.yesNo(n.nat()),
                n.instances() == null ? null : String.join(",", n.instances())});
    }
}
