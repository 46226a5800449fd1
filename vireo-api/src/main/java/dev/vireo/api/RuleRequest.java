package dev.vireo.api;

/** Body of {@code POST /v1/security-groups/{name}/rules}: one rule such as "tcp:22/10.0.0.0/8". */
public record RuleRequest(String allow) {}
