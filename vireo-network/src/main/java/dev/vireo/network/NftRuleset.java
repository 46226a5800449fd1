package dev.vireo.network;

import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.network.SecurityRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The nftables script for one network, replacing both of its tables in one transaction
 * ({@code table X {}} + {@code delete table X} + the full table, so the script works whether or not
 * the table exists).
 * <ul>
 * <li>{@code inet vireo_N}: masquerade when the network is NAT; DNAT of port forwards (prerouting
 * and output; a forward from a loopback address is SNATed to the gateway so the reply comes back);
 * security groups in the forward hook: established/related and ICMP errors pass, then each
 * filtered port's address jumps (one verdict map lookup) to its chain of allow rules ending in
 * drop. Traffic the host itself sends (output hook) is not filtered.</li>
 * <li>{@code bridge vireo_N}: anti-spoofing on every port, in the bridge input (to the host: DHCP,
 * DNS, metadata) and forward (to other ports) hooks: a verdict map keyed by ingress port jumps to
 * the port's chain, which drops frames with another source MAC, ARP with another sender, IPv4 with
 * another source (but DHCP from 0.0.0.0) and everything that is neither IPv4 nor ARP; IPv6 is
 * dropped because managed networks have no IPv6 addressing (this also stops rogue router
 * advertisements).</li>
 * </ul>
 * Rules grow linearly with ports; the lookups are one map hit per packet.
 */
final class NftRuleset {
    private static final String LOOPBACK = "127.0.0.0/8";

    private NftRuleset() {}

    /** The table's name: vireo_ and the network name with '-' as '_'. */
    static String table(String network) {
        return "vireo_" + network.replace('-', '_');
    }

    /** The script that replaces both tables of {@code state}'s network. */
    static String render(NetworkState state) {
        String t = table(state.network().name());
        return replace("inet", t, inet(state)) + replace("bridge", t, bridge(state));
    }

    /** The script that deletes both tables of {@code network} (and does nothing when they are absent). */
    static String delete(String network) {
        String t = table(network);
        return "table inet " + t + " {}\ndelete table inet " + t + "\ntable bridge " + t + " {}\ndelete table bridge "
                + t + "\n";
    }

    /** Whether a forward listens on a loopback address (needs route_localnet and SNAT). */
    static boolean loopback(NetworkState.Forward f) {
        return f.listenAddress().startsWith("127.");
    }

    private static String replace(String family, String table, List<String> body) {
        StringBuilder b = new StringBuilder();
        b.append("table ").append(family).append(' ').append(table).append(" {}\n");
        b.append("delete table ").append(family).append(' ').append(table).append('\n');
        b.append("table ").append(family).append(' ').append(table).append(" {\n");
        body.forEach(line -> b.append(line).append('\n'));
        return b.append("}\n").toString();
    }

    private static List<String> inet(NetworkState state) {
        Network n = state.network();
        List<String> out = new ArrayList<>();
        List<String> dnatInbound = new ArrayList<>();
        List<String> dnatLocal = new ArrayList<>();
        for (NetworkState.Forward f : state.forwards()) {
            String rule = "ip daddr " + f.listenAddress() + " " + f.proto() + " dport " + f.listenPort()
                    + " dnat ip to " + f.targetIp() + ":" + f.targetPort();
            dnatLocal.add(rule);
            if (!loopback(f)) {
                dnatInbound.add(rule);
            }
        }
        List<String> snat = new ArrayList<>();
        if (state.forwards().stream().anyMatch(NftRuleset::loopback)) {
            snat.add("ip saddr " + LOOPBACK + " oifname \"" + n.bridge() + "\" snat ip to " + n.gateway());
        }
        if (n.nat()) {
            snat.add("ip saddr " + n.subnet() + " ip daddr != " + n.subnet() + " masquerade");
        }
        chain(out, "prerouting_nat", "type nat hook prerouting priority dstnat; policy accept;", dnatInbound);
        chain(out, "output_nat", "type nat hook output priority -100; policy accept;", dnatLocal);
        chain(out, "postrouting_nat", "type nat hook postrouting priority srcnat; policy accept;", snat);
        securityGroups(state, out);
        return out;
    }

    private static void securityGroups(NetworkState state, List<String> out) {
        List<NetworkState.Port> filtered = state.ports().stream().filter(NetworkState.Port::filtered).toList();
        if (filtered.isEmpty()) {
            return;
        }
        List<String> elements = new ArrayList<>();
        for (NetworkState.Port p : filtered) {
            elements.add(p.ip() + " : jump sg_" + p.hostDevice());
        }
        map(out, "filtered", "ipv4_addr", elements);
        chain(out, "fwd_filter", "type filter hook forward priority filter; policy accept;", List.of(
                "ct state established,related accept",
                "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept",
                "ip daddr vmap @filtered"));
        for (NetworkState.Port p : filtered) {
            List<String> rules = new ArrayList<>();
            p.rules().forEach(r -> rules.add(allow(r)));
            rules.add("drop");
            chain(out, "sg_" + p.hostDevice(), null, rules);
        }
    }

    /** One security rule as an nft accept rule. */
    static String allow(SecurityRule r) {
        String source = r.source().equals(SecurityRule.ANYWHERE) ? "" : "ip saddr " + r.source() + " ";
        if (r.proto().equals("icmp")) {
            return source + "icmp type echo-request accept";
        }
        List<String> ports = r.ports().stream().map(SecurityRule.PortRange::toString).toList();
        String dports = ports.size() == 1 ? ports.getFirst() : "{ " + String.join(", ", ports) + " }";
        return source + r.proto() + " dport " + dports + " accept";
    }

    private static List<String> bridge(NetworkState state) {
        List<String> out = new ArrayList<>();
        List<String> elements = new ArrayList<>();
        for (NetworkState.Port p : state.ports()) {
            elements.add("\"" + p.hostDevice() + "\" : jump port_" + p.hostDevice());
        }
        map(out, "ports", "ifname", elements);
        chain(out, "port_input", "type filter hook input priority filter; policy accept;",
                List.of("iifname vmap @ports"));
        chain(out, "port_forward", "type filter hook forward priority filter; policy accept;",
                List.of("iifname vmap @ports"));
        for (NetworkState.Port p : state.ports()) {
            chain(out, "port_" + p.hostDevice(), null, List.of(
                    "ether saddr != " + p.mac() + " drop",
                    "arp saddr ether != " + p.mac() + " drop",
                    "arp saddr ip != { 0.0.0.0, " + p.ip() + " } drop",
                    "ip saddr 0.0.0.0 udp sport 68 udp dport 67 return",
                    "ip saddr != " + p.ip() + " drop",
                    "ether type != { ip, arp } drop"));
        }
        return out;
    }

    private static void map(List<String> out, String name, String keyType, List<String> elements) {
        out.add("\tmap " + name + " {");
        out.add("\t\ttype " + keyType + " : verdict");
        if (!elements.isEmpty()) {
            out.add("\t\telements = {");
            for (int i = 0; i < elements.size(); i++) {
                out.add("\t\t\t" + elements.get(i) + (i < elements.size() - 1 ? "," : ""));
            }
            out.add("\t\t}");
        }
        out.add("\t}");
    }

    private static void chain(List<String> out, String name, String hook, List<String> rules) {
        if (hook != null && rules.isEmpty()) {
            return;
        }
        out.add("\tchain " + name + " {");
        if (hook != null) {
            out.add("\t\t" + hook);
        }
        rules.forEach(r -> out.add("\t\t" + r));
        out.add("\t}");
    }
}
