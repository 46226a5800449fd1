package dev.vireo.cli;

import dev.vireo.api.ForwardRequest;
import dev.vireo.api.ForwardView;
import dev.vireo.api.VireoException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forward",
        description = {"Port forwards: a host ADDRESS:PORT that reaches an instance's port on a managed network."},
        footer = {"", "Run 'vireo network forward VERB --help' for a verb's flags."},
        subcommands = {NetworkForwardCommand.Add.class, NetworkForwardCommand.ListForwards.class,
            NetworkForwardCommand.Remove.class, HelpCommand.class})
final class NetworkForwardCommand extends VerbGroup {
    private static final String LISTEN = "ADDRESS:PORT, e.g. 127.0.0.1:8080";

    /** The {@code --proto} flag these verbs share. */
    static final class Proto {
        @Option(names = "--proto", paramLabel = "tcp|udp", defaultValue = "tcp",
                description = "Protocol: tcp or udp (default: ${DEFAULT-VALUE}).")
        String proto;

        String value() {
            String p = proto.toLowerCase(Locale.ROOT);
            if (!p.equals("tcp") && !p.equals("udp")) {
                throw VireoException.invalid("--proto must be tcp or udp, not '" + proto + "'");
            }
            return p;
        }
    }

    /** "ADDRESS:PORT" or "INSTANCE:PORT": only the shape, the daemon checks addresses and names. */
    static String endpoint(String flag, String value, String example) {
        int colon = value.lastIndexOf(':');
        String digits = colon < 0 ? "" : value.substring(colon + 1);
        int port = digits.matches("[0-9]{1,5}") ? Integer.parseInt(digits) : 0;
        if (colon < 1 || port < 1 || port > 65535) {
            throw VireoException.invalid(flag + " '" + value + "': use " + example);
        }
        return value;
    }

    @Command(name = "add",
            description = {"Forward a host address and port to an instance's port on the network.",
                "Listen on 127.0.0.1 to reach it from this host only, on 0.0.0.0 for every host address."},
            footer = {"", "Examples:", "  vireo network forward add lan --listen 127.0.0.1:8080 --to web1:80",
                "  vireo network forward add lan --listen 0.0.0.0:5353 --to dns1:53 --proto udp"})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NETWORK", description = "Network the instance is on.")
        String network;

        @Option(names = "--listen", paramLabel = "ADDRESS:PORT", required = true,
                description = "Host address and port to listen on, e.g. 127.0.0.1:8080.")
        String listen;

        @Option(names = "--to", paramLabel = "INSTANCE:PORT", required = true,
                description = "Instance and port to forward to, e.g. web1:80.")
        String to;

        @Mixin
        Proto proto;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            ForwardRequest request = new ForwardRequest(endpoint("--listen", listen, LISTEN),
                    endpoint("--to", to, "INSTANCE:PORT, e.g. web1:80"), proto.value());
            ForwardView f = client.connect().addForward(network, request);
            return json.printOr(spec.commandLine().getOut(), f, "Forwarding " + f.listen() + "/" + f.proto()
                    + " to " + f.instance() + ":" + f.port() + (f.target() == null ? "" : " (" + f.target() + ")"));
        }
    }

    @Command(name = "list", description = "List the port forwards into a network.",
            footer = {"", "TARGET is the instance's address and port on the network.",
                "", "Examples:", "  vireo network forward list lan", "  vireo network forward list lan --json"})
    static final class ListForwards implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NETWORK", description = "Network name.")
        String network;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            List<ForwardView> forwards = client.connect().forwards(network);
            Table table = new Table("LISTEN", "PROTO", "INSTANCE", "PORT", "TARGET");
            return json.printTable(spec.commandLine().getOut(), forwards, table, f -> new Object[] {
                    f.listen(), f.proto(), f.instance(), f.port(), f.target()});
        }
    }

    @Command(name = "remove", description = "Remove the port forward on a host address and port.",
            footer = {"", "Examples:", "  vireo network forward remove lan --listen 127.0.0.1:8080",
                "  vireo network forward remove lan --listen 0.0.0.0:5353 --proto udp"})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NETWORK", description = "Network name.")
        String network;

        @Option(names = "--listen", paramLabel = "ADDRESS:PORT", required = true,
                description = "Host address and port the forward listens on, e.g. 127.0.0.1:8080.")
        String listen;

        @Mixin
        Proto proto;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            String p = proto.value();
            client.connect().removeForward(network, endpoint("--listen", listen, LISTEN), p);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Removed forward " + listen + "/" + p + " from network " + network);
            out.flush();
            return 0;
        }
    }
}
