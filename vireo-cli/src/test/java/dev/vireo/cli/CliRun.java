package dev.vireo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** Runs the CLI in-process with captured stdout/stderr and a fixed terminal. */
record CliRun(int exit, String out, String err) {
    static CliRun run(Terminal terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VireoCli.newCommandLine(new VireoCli(terminal), args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(new Terminal(false, false), args);
    }

    /** Runs {@code args} against {@code daemon}: the same, with {@code --socket} added at the end. */
    static CliRun against(FakeDaemon daemon, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--socket";
        all[args.length + 1] = daemon.socket.toString();
        return run(all);
    }
}
