package dev.vireo.core.network;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A named set of inbound allow rules. A NIC with one or more groups gets: inbound denied except
 * established/related traffic and what some group's rule allows; outbound allowed.
 */
public record SecurityGroup(String name, List<SecurityRule> rules, Instant createdAt) {
    public SecurityGroup {
        Objects.requireNonNull(name);
        rules = List.copyOf(rules);
        Objects.requireNonNull(createdAt);
    }

    public SecurityGroup withRules(List<SecurityRule> newRules) {
        return new SecurityGroup(name, newRules, createdAt);
    }
}
