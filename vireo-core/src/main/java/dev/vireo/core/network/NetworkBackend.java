package dev.vireo.core.network;

import java.util.List;

/**
 * SPI: the host side of managed networks (bridges, taps, dnsmasq, nftables, VXLAN). Mechanism
 * only: core decides addresses, names and rules; a backend makes the host match and reports
 * what is there. Every call is idempotent, and a call that fails leaves the network as it was
 * or absent, never half made.
 */
public interface NetworkBackend {
    /**
     * Makes the host carry {@code desired}: creates what is missing (bridge with the gateway
     * address, VXLAN link and its peers, one dnsmasq, the nftables tables, one host device per
     * port plugged into the bridge), re-adopts what already runs (a daemon restart changes
     * nothing), rewrites reservations and rules, and removes ports and rules that are not in it.
     */
    void apply(NetworkState desired);

    /** Removes everything {@link #apply} made for {@code network}: links, process, rules, files. */
    void remove(Network network);

    /** The leases dnsmasq has handed out on {@code network}, empty when none or not running. */
    List<Lease> leases(Network network);

    /** Subnets routed on this host now, Vireo's own bridges included (a new network must not overlap them). */
    List<Subnet> hostSubnets();

    /** Whether this host can carry managed networks, and if not, why (null when it can). */
    String unavailableReason();

    /** Whether a network interface of that name exists (in this process's network namespace). */
    default boolean linkExists(String name) {
        return java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", name));
    }
}
