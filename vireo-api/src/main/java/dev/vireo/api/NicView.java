package dev.vireo.api;

import java.util.List;

/**
 * An instance's NIC: guest name (eth0...), network, MAC, address, the host device plugged into
 * the bridge, its security groups, and whether the guest holds a DHCP lease for it.
 */
public record NicView(String name, String network, String mac, String ip, String hostDevice,
        List<String> securityGroups, boolean leased) {}
