package dev.vireo.cli;

import dev.vireo.api.NetworkRequest;
import dev.vireo.api.NetworkView;
import dev.vireo.api.VireoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create",
        description = {"Create a managed network, with DHCP and DNS on its gateway and NAT unless --isolated.",
            "A vxlan network spans hosts: create it on each with the same --vni and --subnet, naming the other "
                + "hosts with --peer."},
        footer = {"", "Examples:", "  vireo network create lan",
            "  vireo network create backend --subnet 10.30.0.0/24 --isolated \\",
            "      --dns-domain backend.internal",
            "  vireo network create overlay --type vxlan --vni 42 --subnet 10.40.0.0/24 \\",
            "      --peer 192.168.1.11 --peer 192.168.1.12 --local 192.168.1.10"})
final class NetworkCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Name of the new network.")
    String name;

    @Option(names = "--subnet", paramLabel = "CIDR",
            description = "IPv4 subnet, e.g. 10.30.0.0/24 (default: a free private /24).")
    String subnet;

    @Option(names = "--nat", description = "Let instances reach the outside through the host (the default).")
    boolean nat;

    @Option(names = "--isolated", description = "No route out: instances reach only each other and the gateway.")
    boolean isolated;

    @Option(names = "--dns-domain", paramLabel = "DOMAIN",
            description = "DNS domain under which instances resolve by name (default: the daemon's).")
    String dnsDomain;

    @Option(names = "--mtu", paramLabel = "N", description = "MTU of the network (default: the daemon's).")
    Integer mtu;

    @Option(names = "--type", paramLabel = "bridge|vxlan",
            description = "bridge (this host only) or vxlan (spans hosts; needs --vni). Default: vxlan with --vni, "
                    + "else bridge.")
    String type;

    @Option(names = "--vni", paramLabel = "N", description = "VXLAN network identifier (vxlan networks).")
    Integer vni;

    @Option(names = "--peer", paramLabel = "IP",
            description = "Address of another host on the vxlan network; repeat for several.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--local", paramLabel = "IP",
            description = "Address this host sends vxlan traffic from (default: chosen by the route to the peers).")
    String local;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        NetworkView n = client.connect().createNetwork(request());
        return json.printOr(spec.commandLine().getOut(), n, "Created network " + n.name() + " (" + n.subnet()
                + ", gateway " + n.gateway() + ", " + (n.nat() ? "nat" : "isolated") + ")");
    }

    /** Only what the flags alone can tell; the daemon checks the rest (subnets, overlaps, VNIs). */
    NetworkRequest request() {
        if (nat && isolated) {
            throw VireoException.invalid("give --nat or --isolated, not both");
        }
        boolean vxlanFlags = vni != null || !peers.isEmpty() || local != null;
        String kind = type != null ? type.toLowerCase(Locale.ROOT) : vxlanFlags ? "vxlan" : null;
        if (kind != null && !kind.equals("bridge") && !kind.equals("vxlan")) {
            throw VireoException.invalid("--type must be bridge or vxlan, not '" + type + "'");
        }
        if ("bridge".equals(kind) && vxlanFlags) {
            throw VireoException.invalid("--vni, --peer and --local are for vxlan networks");
        }
        if ("vxlan".equals(kind) && vni == null) {
            throw VireoException.invalid("a vxlan network needs --vni");
        }
        Boolean natFlag = nat ? Boolean.TRUE : isolated ? Boolean.FALSE : null;
        return new NetworkRequest(name, subnet, natFlag, dnsDomain, mtu, kind, vni,
                peers.isEmpty() ? null : List.copyOf(peers), local);
    }
}
