package dev.vireo.core.seed;

import java.util.List;
import java.util.Objects;

/**
 * What cloud-init's NoCloud datasource reads: meta-data (instance-id, local-hostname,
 * public-keys) and the user's user-data verbatim (an empty #cloud-config when none).
 */
public record NoCloudSeed(String instanceId, String hostname, List<String> publicKeys, String userData) {
    public NoCloudSeed {
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(hostname);
        publicKeys = List.copyOf(publicKeys);
        userData = userData == null || userData.isBlank() ? "#cloud-config\n{}\n" : userData;
    }
}
