package dev.vireo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code vireo} command: the verbs below talk to the daemon over its REST API (vireo-api's client). */
@Command(name = "vireo",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run virtual machines from cloud images on this host through the vireo daemon.",
        footer = {"", "Exit codes:",
            "   0  success",
            "   1  internal error",
            "   2  invalid argument or usage error",
            "   3  not found",
            "   4  already exists",
            "   5  invalid state (e.g. the instance is stopped)",
            "   6  busy",
            "   7  insufficient resources",
            "   8  daemon unavailable",
            "   9  timeout",
            "  10  checksum mismatch",
            "  exec and shell exit with the remote command's code (255: ssh failed).",
            "", "Start the daemon with: vireo daemon. Run 'vireo VERB --help' for a verb's flags."})
public final class VireoCli implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    public VireoCli() {
        this(null);
    }

    /** For tests: a fixed terminal instead of the real file descriptors. */
    VireoCli(Terminal terminal) {
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine(new VireoCli(), args).execute(args));
    }

    /** The command line with every verb and Vireo's error handling (stderr line, ErrorCode exit code). */
    static CommandLine newCommandLine(VireoCli cli) {
        return newCommandLine(cli, new String[0]);
    }

    /**
     * Registers only the verb being run when {@code args} name one: picocli reads each verb's
     * annotations when it is added, and doing that for one verb instead of all of them is a
     * large share of the start-up time. Help, version and unknown verbs get them all.
     */
    static CommandLine newCommandLine(VireoCli cli, String[] args) {
        CommandLine commandLine = new CommandLine(cli)
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(new UsageErrorHandler());
        Object only = args.length > 0 && !args[0].equals("help") ? Verbs.create(args[0]) : null;
        if (only != null) {
            commandLine.addSubcommand(args[0], only);
        } else {
            for (String name : Verbs.NAMES) {
                commandLine.addSubcommand(name, Verbs.create(name));
            }
        }
        return commandLine;
    }

    /** Bare {@code vireo}: show the verbs, and fail like any other usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    static Terminal terminal(CommandSpec spec) {
        VireoCli root = (VireoCli) spec.root().userObject();
        return root.terminal != null ? root.terminal : Terminal.detect();
    }
}
