package dev.vireo.api;

import java.util.List;

/** Body of {@code POST /v1/security-groups}: a name and its first rules ("tcp:22,80/0.0.0.0/0", "icmp"). */
public record SecurityGroupRequest(String name, List<String> allow) {}
