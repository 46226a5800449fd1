package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete a security group.",
        footer = {"", "Example:", "  vireo secgroup delete web"})
final class SecurityGroupDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Security group name.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        client.connect().deleteSecurityGroup(name);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted security group " + name);
        out.flush();
        return 0;
    }
}
