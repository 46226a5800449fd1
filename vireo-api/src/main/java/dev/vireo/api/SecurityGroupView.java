package dev.vireo.api;

import java.time.Instant;
import java.util.List;

/** A security group: its inbound allow rules (canonical form) and the NICs it filters ("INSTANCE/eth0"). */
public record SecurityGroupView(String name, List<String> rules, List<String> nics, Instant createdAt) {}
