package dev.vireo.network;

/**
 * The metadata service's address, 169.254.169.254/32, carried by every bridge. Each bridge holds it
 * under an address label ("BR:m") so that dnsmasq's {@code interface=BR} does not match it: with
 * several networks, several dnsmasq would otherwise all bind 169.254.169.254:53 and all but the
 * first fail. A 15-character bridge name leaves no room for a label; then dnsmasq listens by
 * address instead of by interface (see {@link DnsmasqConfig}).
 */
final class MetadataAddress {
    static final String ADDRESS = "169.254.169.254";
    static final int PREFIX = 32;
    private static final int IFNAMSIZ = 15;

    private MetadataAddress() {}

    /** The label for the address on {@code bridge}, or the bridge's own name when none fits. */
    static String label(String bridge) {
        if (bridge.length() + 2 <= IFNAMSIZ) {
            return bridge + ":m";
        }
        if (bridge.length() + 1 <= IFNAMSIZ) {
            return bridge + ":";
        }
        return bridge;
    }

    /** Whether {@link #label} can keep the address apart from the bridge's own. */
    static boolean labelled(String bridge) {
        return !label(bridge).equals(bridge);
    }
}
