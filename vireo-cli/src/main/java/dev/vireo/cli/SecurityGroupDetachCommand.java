package dev.vireo.cli;

import dev.vireo.api.NicView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "detach", description = "Stop filtering an instance's NIC through a security group.",
        footer = {"", "Examples:", "  vireo secgroup detach web web1", "  vireo secgroup detach ssh db1 --nic eth1"})
final class SecurityGroupDetachCommand implements Callable<Integer> {

    /** The {@code NAME INSTANCE [--nic NIC]} that attach and detach take. */
    static final class Args {
        @Parameters(index = "0", paramLabel = "NAME", description = "Security group name.")
        String group;

        @Parameters(index = "1", paramLabel = "INSTANCE", description = "Instance name.")
        String instance;

        @Option(names = "--nic", paramLabel = "NIC", defaultValue = "eth0",
                description = "The instance's NIC as 'vireo info' shows it: eth0, eth1... "
                        + "(default: ${DEFAULT-VALUE}).")
        String nic;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    Args args;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        NicView nic = client.connect().detachSecurityGroup(args.instance, args.group, args.nic);
        return json.printOr(spec.commandLine().getOut(), nic,
                "Detached security group " + args.group + " from " + args.instance + "/" + nic.name());
    }
}
