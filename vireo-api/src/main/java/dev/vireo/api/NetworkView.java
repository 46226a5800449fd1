package dev.vireo.api;

import java.time.Instant;
import java.util.List;

/**
 * A managed network as the API shows it. {@code gateway} is the host's address on it (DHCP, DNS,
 * router); {@code instances} are those with a NIC on it; {@code forwards} are "LISTEN -> INSTANCE:PORT/PROTO".
 */
public record NetworkView(String name, String type, String subnet, String gateway, boolean nat, String dnsDomain,
        int mtu, Integer vni, List<String> peers, String bridge, List<String> instances, List<ForwardView> forwards,
        Instant createdAt) {}
