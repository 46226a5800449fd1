package dev.vireo.network;

import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.network.NetworkType;
import dev.vireo.core.network.SecurityRule;
import dev.vireo.core.network.Subnet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Networks and ports for tests. */
final class Fixtures {
    static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private Fixtures() {}

    static Network bridge(String name, String subnet, boolean nat) {
        return new Network(name, NetworkType.BRIDGE, Subnet.parse(subnet), nat, "vireo", Network.DEFAULT_MTU, null,
                List.of(), null, CREATED);
    }

    static Network vxlan(String name, String subnet, int vni, List<String> peers, String local) {
        return new Network(name, NetworkType.VXLAN, Subnet.parse(subnet), false, "vireo", 1450, vni, peers, local,
                CREATED);
    }

    static NetworkState.Port port(String dev, String mac, String ip, String host) {
        return new NetworkState.Port(dev, mac, ip, host, false, List.of());
    }

    static NetworkState.Port filtered(String dev, String mac, String ip, String host, String... rules) {
        return new NetworkState.Port(dev, mac, ip, host, true,
                java.util.Arrays.stream(rules).map(SecurityRule::parse).toList());
    }

    /** {@code count} filtered ports vnt000000000 .. with addresses from 10.120.0.2 on. */
    static List<NetworkState.Port> manyPorts(int count) {
        List<NetworkState.Port> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(filtered(String.format("vnt%09d", i), String.format("52:54:00:00:%02x:%02x", i >> 8, i & 255),
                    Subnet.format(Subnet.parseAddress("10.120.0.2") + i), "vm" + i, "tcp:22,80/0.0.0.0/0", "icmp"));
        }
        return ports;
    }
}
