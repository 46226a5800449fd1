package dev.vireo.core.network;

import java.util.List;
import java.util.Objects;

/**
 * Everything the host must carry for one network, resolved: its NICs with their DNS names and
 * their security groups' rules, and its port forwards with the target address. A backend makes
 * the host match this and removes what is no longer in it.
 */
public record NetworkState(Network network, List<Port> ports, List<Forward> forwards) {
    /**
     * A NIC on the bridge. {@code filtered} is true when it has security groups: then only
     * {@code rules} (and established traffic) may reach it.
     */
    public record Port(String hostDevice, String mac, String ip, String hostname, boolean filtered,
            List<SecurityRule> rules) {
        public Port {
            Objects.requireNonNull(hostDevice);
            Objects.requireNonNull(mac);
            Objects.requireNonNull(ip);
            Objects.requireNonNull(hostname);
            rules = List.copyOf(rules);
        }
    }

    /** {@code listenAddress:listenPort/proto} on the host to {@code targetIp:targetPort}. */
    public record Forward(String listenAddress, int listenPort, String proto, String targetIp, int targetPort) {
        public Forward {
            Objects.requireNonNull(listenAddress);
            Objects.requireNonNull(proto);
            Objects.requireNonNull(targetIp);
        }
    }

    public NetworkState {
        Objects.requireNonNull(network);
        ports = List.copyOf(ports);
        forwards = List.copyOf(forwards);
    }
}
