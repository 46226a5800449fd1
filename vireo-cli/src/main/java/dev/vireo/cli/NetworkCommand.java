package dev.vireo.cli;

import dev.vireo.api.ForwardView;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "network",
        description = {"Managed networks with DHCP, DNS and NAT, and port forwards into them.",
            "Put an instance on one with 'vireo launch --network NAME'; filter its traffic with 'vireo secgroup'."},
        footer = {"", "Run 'vireo network VERB --help' for a verb's flags."},
        subcommands = {NetworkCreateCommand.class, NetworkListCommand.class, NetworkShowCommand.class,
            NetworkDeleteCommand.class, NetworkForwardCommand.class, HelpCommand.class})
final class NetworkCommand extends VerbGroup {
    /** "127.0.0.1:8080 -> web1:80/tcp", as a forward reads in show. */
    static String forward(ForwardView f) {
        return f.listen() + " -> " + f.instance() + ":" + f.port() + "/" + f.proto();
    }
}
