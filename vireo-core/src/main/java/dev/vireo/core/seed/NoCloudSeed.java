package dev.vireo.core.seed;

import java.util.List;
import java.util.Objects;

/**
 * What cloud-init's NoCloud datasource reads: meta-data (instance-id, local-hostname,
 * public-keys), the user's user-data verbatim (an empty #cloud-config when none), and, when
 * volumes are to be mounted, vendor-data that formats and mounts them (user-data that sets
 * {@code fs_setup} or {@code mounts} itself replaces it, as cloud-init merges the two). With
 * {@code dhcpMacs} (more than one NIC) a network-config asks for DHCP on each NIC by MAC; with
 * none, cloud-init's fallback (DHCP on the first NIC) applies.
 */
public record NoCloudSeed(String instanceId, String hostname, List<String> publicKeys, String userData,
        List<Mount> mounts, List<String> dhcpMacs) {

    public NoCloudSeed(String instanceId, String hostname, List<String> publicKeys, String userData) {
        this(instanceId, hostname, publicKeys, userData, List.of(), List.of());
    }

    public NoCloudSeed {
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(hostname);
        publicKeys = List.copyOf(publicKeys);
        userData = userData == null || userData.isBlank() ? "#cloud-config\n{}\n" : userData;
        mounts = List.copyOf(mounts);
        dhcpMacs = List.copyOf(dhcpMacs);
    }

    /** A block device to format as ext4 if it holds no filesystem yet, then mount at {@code path}. */
    public record Mount(String device, String path, String label) {
        public Mount {
            Objects.requireNonNull(device);
            Objects.requireNonNull(path);
            Objects.requireNonNull(label);
        }
    }
}
