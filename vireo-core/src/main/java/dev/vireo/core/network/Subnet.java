package dev.vireo.core.network;

import dev.vireo.api.VireoException;
import java.util.regex.Pattern;

/** An IPv4 subnet in CIDR form, normalised to its network address ("10.0.3.0/24"). */
public record Subnet(int network, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
        network &= mask(prefix);
    }

    /** Parses "A.B.C.D/N"; the host bits must be zero, as in "10.0.3.0/24". */
    public static Subnet parse(String cidr) {
        var m = cidr == null ? null : CIDR.matcher(cidr.strip());
        if (m == null || !m.matches()) {
            throw VireoException.invalid("invalid subnet '" + cidr + "': use CIDR form, e.g. 10.10.0.0/24");
        }
        int address = address(m.group(1), m.group(2), m.group(3), m.group(4), cidr);
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw VireoException.invalid("invalid subnet '" + cidr + "': prefix must be 0-32");
        }
        if ((address & ~mask(prefix)) != 0) {
            throw VireoException.invalid("invalid subnet '" + cidr + "': host bits are set (did you mean "
                    + new Subnet(address, prefix) + "?)");
        }
        return new Subnet(address, prefix);
    }

    /** Parses a dotted IPv4 address. */
    public static int parseAddress(String text) {
        var m = text == null ? null : ADDRESS.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw VireoException.invalid("invalid IPv4 address '" + text + "'");
        }
        return address(m.group(1), m.group(2), m.group(3), m.group(4), text);
    }

    private static int address(String a, String b, String c, String d, String text) {
        int result = 0;
        for (String part : new String[] {a, b, c, d}) {
            int v = Integer.parseInt(part);
            if (v > 255) {
                throw VireoException.invalid("invalid IPv4 address in '" + text + "': " + v + " is above 255");
            }
            result = (result << 8) | v;
        }
        return result;
    }

    public static String format(int address) {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int netmask() {
        return mask(prefix);
    }

    public String netmaskText() {
        return format(netmask());
    }

    public int broadcast() {
        return network | ~mask(prefix);
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    public boolean overlaps(Subnet other) {
        int p = Math.min(prefix, other.prefix);
        return (network & mask(p)) == (other.network & mask(p));
    }

    /** The first usable address: the host's own (gateway) address on the network. */
    public int gateway() {
        return network + 1;
    }

    /** First and last addresses instances may get (after the gateway, before broadcast). */
    public int firstHost() {
        return network + 2;
    }

    public int lastHost() {
        return broadcast() - 1;
    }

    /** Number of addresses instances may get. */
    public long hostCount() {
        return Math.max(0, (long) lastHost() - firstHost() + 1);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
