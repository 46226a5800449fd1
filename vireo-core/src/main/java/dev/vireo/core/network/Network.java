package dev.vireo.core.network;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A managed network: a bridge named {@code name} with the host at the subnet's first address,
 * DHCP/DNS by dnsmasq, masquerade when {@code nat}. A VXLAN network also has a VNI, the peers'
 * addresses and optionally the local address to send from.
 */
public record Network(String name, NetworkType type, Subnet subnet, boolean nat, String dnsDomain, int mtu,
        Integer vni, List<String> peers, String local, Instant createdAt) {
    public static final int DEFAULT_MTU = 1500;

    public Network {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(subnet);
        Objects.requireNonNull(dnsDomain);
        Objects.requireNonNull(createdAt);
        peers = List.copyOf(peers);
        if ((type == NetworkType.VXLAN) != (vni != null)) {
            throw new IllegalArgumentException("a VNI goes with type vxlan only");
        }
    }

    /** The Linux bridge: it carries the network's name. */
    public String bridge() {
        return name;
    }

    public String gateway() {
        return Subnet.format(subnet.gateway());
    }
}
