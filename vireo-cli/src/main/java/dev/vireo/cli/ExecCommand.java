package dev.vireo.cli;

import dev.vireo.api.SshAccess;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "exec",
        description = {"Run a command in an instance over SSH and exit with its exit code.",
            "Arguments reach the guest exactly as given (each is shell-quoted). "
                + "A terminal is allocated when stdin is one."},
        footer = {"", "Put -- before the command so its flags are not read as vireo's.", "",
            "Examples:", "  vireo exec demo -- uname -a", "  vireo exec demo -- sh -c 'echo $HOSTNAME'",
            "  vireo exec demo -- cloud-init status --wait"})
final class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Instance name.")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "Command and its arguments.")
    List<String> command;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        SshAccess access = client.connect().ssh(name);
        boolean tty = VireoCli.terminal(spec).stdinTty();
        return SshInvocation.run(spec.commandLine().getOut(), access, tty, command);
    }
}
