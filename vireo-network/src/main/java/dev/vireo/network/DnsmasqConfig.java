package dev.vireo.network;

import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.network.Subnet;

/**
 * dnsmasq's files for one network, rendered from its state: the configuration (changes need a
 * restart), the DHCP reservations and the DNS names (both re-read on SIGHUP). DHCP runs in static
 * mode: only a MAC with a reservation gets a lease, so on a VXLAN network each host's dnsmasq
 * ignores the instances of other hosts.
 */
record DnsmasqConfig(String conf, String dhcpHosts, String hosts) {
    static final String LEASE_TIME = "1h";

    static DnsmasqConfig render(NetworkState state, NetworkDir dir) {
        return new DnsmasqConfig(conf(state.network(), dir), dhcpHosts(state), hosts(state));
    }

    static String conf(Network n, NetworkDir dir) {
        Subnet s = n.subnet();
        StringBuilder b = new StringBuilder();
        b.append("# written by vireo for network ").append(n.name()).append("; changes are overwritten\n");
        if (MetadataAddress.labelled(n.bridge())) {
            line(b, "interface=" + n.bridge());
        }
        line(b, "bind-interfaces");
        line(b, "except-interface=lo");
        line(b, "listen-address=" + n.gateway());
        line(b, "no-hosts");
        line(b, "domain=" + n.dnsDomain());
        line(b, "local=/" + n.dnsDomain() + "/");
        line(b, "expand-hosts");
        line(b, "addn-hosts=" + dir.hosts());
        if (!n.nat()) {
            line(b, "no-resolv");
        }
        line(b, "dhcp-range=" + Subnet.format(s.firstHost()) + ",static," + s.netmaskText() + "," + LEASE_TIME);
        line(b, "dhcp-hostsfile=" + dir.dhcpHosts());
        line(b, "dhcp-leasefile=" + dir.leases());
        line(b, "dhcp-ignore=tag:!known"); // unknown MACs get no offer and no NAK: on VXLAN they are another host's
        line(b, "dhcp-authoritative");
        line(b, "dhcp-option=option:router," + n.gateway());
        line(b, "dhcp-option=option:dns-server," + n.gateway());
        if (n.mtu() != Network.DEFAULT_MTU) {
            line(b, "dhcp-option=option:mtu," + n.mtu());
        }
        line(b, "pid-file=" + dir.pidFile());
        line(b, "user=root");
        line(b, "group=root");
        line(b, "log-facility=" + dir.log());
        return b.toString();
    }

    /** {@code MAC,IP,HOSTNAME} per port. */
    static String dhcpHosts(NetworkState state) {
        StringBuilder b = new StringBuilder();
        for (NetworkState.Port p : state.ports()) {
            line(b, p.mac() + "," + p.ip() + "," + p.hostname());
        }
        return b.toString();
    }

    /** {@code IP HOSTNAME HOSTNAME.DOMAIN} per port. */
    static String hosts(NetworkState state) {
        StringBuilder b = new StringBuilder();
        for (NetworkState.Port p : state.ports()) {
            line(b, p.ip() + " " + p.hostname() + " " + p.hostname() + "." + state.network().dnsDomain());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String line) {
        b.append(line).append('\n');
    }
}
