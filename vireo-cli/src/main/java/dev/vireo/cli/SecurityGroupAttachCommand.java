package dev.vireo.cli;

import dev.vireo.api.GroupAttachRequest;
import dev.vireo.api.NicView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "attach",
        description = {"Filter an instance's NIC through a security group.",
            "The NIC must be on a managed network (not user)."},
        footer = {"", "Examples:", "  vireo secgroup attach web web1", "  vireo secgroup attach ssh db1 --nic eth1"})
final class SecurityGroupAttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SecurityGroupDetachCommand.Args args;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        NicView nic = client.connect().attachSecurityGroup(args.instance, new GroupAttachRequest(args.group, args.nic));
        return json.printOr(spec.commandLine().getOut(), nic,
                "Attached security group " + args.group + " to " + args.instance + "/" + nic.name());
    }
}
