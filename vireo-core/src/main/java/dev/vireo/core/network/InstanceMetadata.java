package dev.vireo.core.network;

import java.util.List;
import java.util.Objects;

/**
 * What the metadata service tells one instance about itself: {@code instanceId} (its UUID, as
 * cloud-init's instance-id), hostname, the address it asked from, its SSH keys, its user-data
 * (null when none) and all its NICs for network_data.json.
 */
public record InstanceMetadata(String instanceId, String hostname, String localIpv4, List<String> publicKeys,
        String userData, List<NicInfo> nics) {
    /** One NIC as the guest should configure it (by DHCP). */
    public record NicInfo(String name, String mac, String ip, String subnet, String netmask, String gateway, int mtu,
            List<String> dns) {
        public NicInfo {
            Objects.requireNonNull(mac);
            Objects.requireNonNull(ip);
            dns = List.copyOf(dns);
        }
    }

    public InstanceMetadata {
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(hostname);
        Objects.requireNonNull(localIpv4);
        publicKeys = List.copyOf(publicKeys);
        nics = List.copyOf(nics);
    }
}
