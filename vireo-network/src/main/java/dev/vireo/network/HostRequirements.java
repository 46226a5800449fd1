package dev.vireo.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a host needs for managed networks: root, and the tools of iproute2, nftables and dnsmasq. */
final class HostRequirements {
    private static final Map<String, String> TOOLS = new LinkedHashMap<>();

    static {
        TOOLS.put("ip", "iproute2");
        TOOLS.put("bridge", "iproute2");
        TOOLS.put("nft", "nftables");
        TOOLS.put("dnsmasq", "dnsmasq-base");
        TOOLS.put("sysctl", "procps");
    }

    private HostRequirements() {}

    /** Null when this host can carry managed networks, else one line saying what is missing. */
    static String unavailableReason() {
        if (!"0".equals(effectiveUid())) {
            return "managed networks need root: run the daemon as root";
        }
        Set<String> missing = new LinkedHashSet<>();
        TOOLS.forEach((tool, pkg) -> {
            if (!onPath(tool)) {
                missing.add(pkg);
            }
        });
        return missing.isEmpty() ? null : "managed networks need " + String.join(", ", missing)
                + ": install the package" + (missing.size() > 1 ? "s" : "");
    }

    static boolean onPath(String tool) {
        Set<String> dirs = new LinkedHashSet<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).anyMatch(Files::isExecutable);
    }

    private static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}
