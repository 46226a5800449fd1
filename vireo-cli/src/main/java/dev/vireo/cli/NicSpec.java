package dev.vireo.cli;

import dev.vireo.api.NicRequest;
import dev.vireo.api.VireoException;
import java.util.ArrayList;
import java.util.List;

/** The {@code --network} value of launch and create: {@code NAME[,ip=ADDR][,mac=MAC][,secgroup=GROUP]...}. */
final class NicSpec {
    static final String USAGE = "NAME[,ip=ADDRESS][,mac=MAC][,secgroup=GROUP]...";

    private NicSpec() {}

    /** Only the shape is checked here; the daemon checks networks, addresses and groups. */
    static NicRequest parse(String spec) {
        String[] parts = spec.split(",", -1);
        String network = parts[0].strip();
        if (network.isEmpty() || network.contains("=")) {
            throw invalid(spec, "it starts with the network name");
        }
        String ip = null;
        String mac = null;
        List<String> groups = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? parts[i].strip() : parts[i].substring(0, eq).strip();
            String value = eq < 0 ? "" : parts[i].substring(eq + 1).strip();
            if (!List.of("ip", "mac", "secgroup").contains(key)) {
                throw invalid(spec, "unknown key '" + key + "'");
            }
            if (value.isEmpty()) {
                throw invalid(spec, key + " has no value");
            }
            switch (key) {
                case "ip" -> ip = once(spec, key, ip, value);
                case "mac" -> mac = once(spec, key, mac, value);
                default -> groups.add(value);
            }
        }
        return new NicRequest(network, ip, mac, groups.isEmpty() ? null : List.copyOf(groups));
    }

    private static String once(String spec, String key, String previous, String value) {
        if (previous != null) {
            throw invalid(spec, key + " given twice");
        }
        return value;
    }

    private static VireoException invalid(String spec, String problem) {
        return VireoException.invalid("--network '" + spec + "': " + problem + " (use " + USAGE + ")");
    }
}
