package dev.vireo.core.network;

import dev.vireo.api.VireoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One inbound allow rule: a protocol, for tcp/udp the destination ports, and the sources it
 * admits. Written as {@code tcp:22,80/0.0.0.0/0}, {@code udp:5000-5010}, {@code icmp} or
 * {@code icmp/10.0.0.0/8}; without a source, any.
 */
public record SecurityRule(String proto, List<PortRange> ports, Subnet source) {
    public static final Subnet ANYWHERE = new Subnet(0, 0);

    /** Destination ports {@code from}..{@code to}, inclusive. */
    public record PortRange(int from, int to) {
        public PortRange {
            if (from < 1 || to > 65535 || from > to) {
                throw VireoException.invalid("invalid port range " + from + "-" + to + ": use 1-65535, low-high");
            }
        }

        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }

    public SecurityRule {
        Objects.requireNonNull(proto);
        ports = List.copyOf(ports);
        Objects.requireNonNull(source);
    }

    public static SecurityRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw VireoException.invalid("empty rule: use e.g. tcp:22,80/0.0.0.0/0 or icmp");
        }
        String s = text.strip();
        Subnet source = ANYWHERE;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            source = Subnet.parse(s.substring(slash + 1));
            s = s.substring(0, slash);
        }
        int colon = s.indexOf(':');
        String proto = colon < 0 ? s : s.substring(0, colon);
        List<PortRange> ports = new ArrayList<>();
        switch (proto) {
            case "tcp", "udp" -> {
                if (colon < 0 || colon == s.length() - 1) {
                    throw VireoException.invalid("rule '" + text + "': " + proto + " needs ports, e.g. " + proto
                            + ":22,80 or " + proto + ":8000-8100");
                }
                for (String p : s.substring(colon + 1).split(",")) {
                    ports.add(range(p, text));
                }
            }
            case "icmp" -> {
                if (colon >= 0) {
                    throw VireoException.invalid("rule '" + text + "': icmp takes no ports");
                }
            }
            default -> throw VireoException.invalid("rule '" + text + "': unknown protocol '" + proto
                    + "' (use tcp, udp or icmp)");
        }
        return new SecurityRule(proto, ports, source);
    }

    private static PortRange range(String p, String rule) {
        try {
            int dash = p.indexOf('-');
            return dash < 0 ? new PortRange(Integer.parseInt(p), Integer.parseInt(p))
                    : new PortRange(Integer.parseInt(p.substring(0, dash)), Integer.parseInt(p.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw VireoException.invalid("rule '" + rule + "': '" + p + "' is not a port or port range");
        }
    }

    /** The canonical text, which {@link #parse} reads back to an equal rule. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(proto);
        if (!ports.isEmpty()) {
            b.append(':').append(String.join(",", ports.stream().map(PortRange::toString).toList()));
        }
        return b.append('/').append(source).toString();
    }
}
