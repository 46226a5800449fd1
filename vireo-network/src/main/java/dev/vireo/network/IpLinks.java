package dev.vireo.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.network.Subnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ip} and {@code bridge} tools: reads links, addresses, routes and FDB entries from their
 * JSON output, and runs changes as one {@code ip -batch} file (one process for any number of ports).
 */
final class IpLinks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_ZEROS = "00:00:00:00:00:00";

    /** One link as {@code ip -d link} shows it; {@code kind} and {@code master} may be null. */
    record Link(String name, String kind, String master, int mtu, boolean up, String mac, JsonNode info) {
        /** A value of the link's kind-specific data ({@code linkinfo.info_data}), null when absent. */
        String infoData(String key) {
            JsonNode v = info == null ? null : info.get(key);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    /** One IPv4 address of a link, with its label. */
    record Address(String local, int prefix, String label) {}

    private final HostCommands commands;

    IpLinks(HostCommands commands) {
        this.commands = commands;
    }

    /** All links, by name. */
    Map<String, Link> links() {
        Map<String, Link> links = new LinkedHashMap<>();
        for (JsonNode l : json("list links", List.of("ip", "-j", "-d", "link", "show"))) {
            JsonNode linkinfo = l.get("linkinfo");
            String kind = linkinfo == null ? null : text(linkinfo, "info_kind");
            JsonNode info = linkinfo == null ? null : linkinfo.get("info_data");
            List<String> flags = new ArrayList<>();
            l.path("flags").forEach(f -> flags.add(f.asText()));
            String name = text(l, "ifname");
            links.put(name, new Link(name, kind, text(l, "master"), l.path("mtu").asInt(), flags.contains("UP"),
                    text(l, "address"), info));
        }
        return links;
    }

    /** The IPv4 addresses of {@code dev}. */
    List<Address> addresses(String dev) {
        List<Address> result = new ArrayList<>();
        for (JsonNode l : json("list addresses of " + dev, List.of("ip", "-j", "-4", "addr", "show", "dev", dev))) {
            for (JsonNode a : l.path("addr_info")) {
                result.add(new Address(text(a, "local"), a.path("prefixlen").asInt(), text(a, "label")));
            }
        }
        return result;
    }

    /** Destinations of the all-zeros (flood) FDB entries of VXLAN link {@code dev}. */
    Set<String> floodPeers(String dev) {
        Set<String> peers = new LinkedHashSet<>();
        for (JsonNode e : json("list fdb of " + dev, List.of("bridge", "-j", "fdb", "show", "dev", dev))) {
            if (ALL_ZEROS.equals(text(e, "mac")) && e.hasNonNull("dst")) {
                peers.add(text(e, "dst"));
            }
        }
        return peers;
    }

    void addFloodPeer(String dev, String peer) {
        commands.check("add VXLAN peer " + peer,
                List.of("bridge", "fdb", "append", ALL_ZEROS, "dev", dev, "dst", peer));
    }

    void removeFloodPeer(String dev, String peer) {
        commands.check("remove VXLAN peer " + peer,
                List.of("bridge", "fdb", "del", ALL_ZEROS, "dev", dev, "dst", peer));
    }

    /** Subnets of the main routing table, without the default route. */
    List<Subnet> routedSubnets() {
        List<Subnet> subnets = new ArrayList<>();
        for (JsonNode r : json("list routes", List.of("ip", "-j", "-4", "route", "show", "table", "main"))) {
            String dst = text(r, "dst");
            if (dst == null || dst.equals("default")) {
                continue;
            }
            int slash = dst.indexOf('/');
            try {
                subnets.add(slash < 0 ? new Subnet(Subnet.parseAddress(dst), 32)
                        : new Subnet(Subnet.parseAddress(dst.substring(0, slash)),
                                Integer.parseInt(dst.substring(slash + 1))));
            } catch (RuntimeException e) {
                // a route type we do not read (e.g. multicast): not a subnet
            }
        }
        return subnets;
    }

    /** Runs {@code lines} (ip commands without the leading "ip") in one process; stops at the first failure. */
    void batch(String what, List<String> lines, Path scratch) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            Files.writeString(scratch, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + scratch, e);
        }
        try {
            commands.check(what, List.of("ip", "-batch", scratch.toString()));
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                // a leftover scratch file is harmless
            }
        }
    }

    /** Deletes link {@code name} if it exists. */
    void deleteIfExists(String name) {
        var r = commands.run(List.of("ip", "link", "del", "dev", name));
        if (r.exitCode() != 0 && exists(name)) {
            throw new VireoException(ErrorCode.INTERNAL, "delete link " + name + " failed: " + r.lastLine("ip"));
        }
    }

    boolean exists(String name) {
        return commands.run(List.of("ip", "link", "show", "dev", name)).exitCode() == 0;
    }

    private JsonNode json(String what, List<String> argv) {
        String out = commands.checkJson(what, argv);
        try {
            return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, what + ": cannot read the JSON of " + argv.getFirst());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
