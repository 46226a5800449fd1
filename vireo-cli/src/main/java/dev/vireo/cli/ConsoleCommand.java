package dev.vireo.cli;

import dev.vireo.api.ConsoleInfo;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.api.client.VireoClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "console",
        description = {"Attach to an instance's serial console; press Ctrl-] to detach.",
            "With --show-log, print what the console has written so far instead.",
            "When stdin is not a terminal, input and output are copied as plain streams."},
        footer = {"", "Examples:", "  vireo console demo", "  vireo console demo --show-log | tail -n 20"})
final class ConsoleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String name;

    @Option(names = "--show-log", description = "Print the console log and exit instead of attaching.")
    boolean showLog;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws IOException {
        VireoClient vireo = client.connect();
        PrintWriter out = spec.commandLine().getOut();
        if (showLog) {
            out.print(vireo.consoleLog(name));
            out.flush();
            return 0;
        }
        ConsoleInfo info = vireo.console(name);
        boolean interactive = VireoCli.terminal(spec).stdinTty();
        try (SocketChannel channel = connect(info.socket())) {
            if (interactive) {
                return attach(channel);
            }
            new ConsoleSession(channel).run(false);
            return 0;
        }
    }

    private int attach(SocketChannel channel) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Connected to the console of " + name + " (press Ctrl-] to detach)");
        err.flush();
        boolean detached;
        try (RawTerminal raw = RawTerminal.enter()) {
            detached = new ConsoleSession(channel).run(true);
        }
        err.println();
        err.println(detached ? "Detached from " + name : "The console of " + name + " closed");
        err.flush();
        return 0;
    }

    private SocketChannel connect(String socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "cannot open the console of " + name + " at " + socket
                    + ": " + e.getMessage() + " (is it running, on this host?)", e);
        }
    }
}
