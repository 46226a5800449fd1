package dev.vireo.core.network;

import java.util.Optional;

/**
 * Finds the instance a metadata request came from. The address alone identifies it: subnets of
 * managed networks never overlap, and anti-spoofing rules stop a NIC from sending from any
 * address but its own.
 */
public interface MetadataSource {
    Optional<InstanceMetadata> forAddress(String sourceIp);
}
