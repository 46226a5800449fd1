package dev.vireo.api;

import java.util.List;

/**
 * One NIC asked for at launch: on {@code network} ("user" for QEMU user-mode networking), with
 * an optional fixed {@code ip} and {@code mac}, and the security groups to attach.
 */
public record NicRequest(String network, String ip, String mac, List<String> securityGroups) {}
