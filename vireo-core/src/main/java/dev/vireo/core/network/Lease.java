package dev.vireo.core.network;

import java.time.Instant;
import java.util.Objects;

/** A DHCP lease dnsmasq handed out: {@code expires} is null for an infinite lease. */
public record Lease(String mac, String ip, String hostname, Instant expires) {
    public Lease {
        Objects.requireNonNull(mac);
        Objects.requireNonNull(ip);
    }
}
