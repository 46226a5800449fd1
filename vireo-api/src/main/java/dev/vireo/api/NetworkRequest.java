package dev.vireo.api;

import java.util.List;

/**
 * Body of {@code POST /v1/networks}. {@code subnet} in CIDR form (null: a free private /24);
 * {@code nat} false makes an isolated network (null: NAT); {@code type} "bridge" (default) or
 * "vxlan", which needs {@code vni} and takes {@code peers} (addresses of the other hosts) and
 * optionally {@code local} (the address to send from).
 */
public record NetworkRequest(String name, String subnet, Boolean nat, String dnsDomain, Integer mtu, String type,
        Integer vni, List<String> peers, String local) {}
