package dev.vireo.core.network;

import java.util.List;
import java.util.Objects;

/**
 * One network interface of an instance: the {@code index}-th NIC (the guest's eth{index}), its MAC
 * and address on {@code network}, and the host-side device ({@code hostDevice}: a tap or veth
 * plugged into the bridge). Security groups filter what reaches it; with none it is open.
 */
public record Nic(String instance, int index, String network, String mac, String ip, String hostDevice,
        List<String> securityGroups) {
    public Nic {
        Objects.requireNonNull(instance);
        Objects.requireNonNull(network);
        Objects.requireNonNull(mac);
        Objects.requireNonNull(ip);
        Objects.requireNonNull(hostDevice);
        securityGroups = List.copyOf(securityGroups);
    }

    public Nic withSecurityGroups(List<String> groups) {
        return new Nic(instance, index, network, mac, ip, hostDevice, groups);
    }

    /** The name the API and the guest use: eth0, eth1, ... */
    public String name() {
        return "eth" + index;
    }
}
