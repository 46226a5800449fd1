package dev.vireo.network;

import dev.vireo.core.network.Lease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads dnsmasq's lease file: one lease a line, {@code EXPIRY MAC IP HOSTNAME CLIENTID}, expiry in
 * epoch seconds (0 for an infinite lease), '*' for an unknown hostname. Malformed lines are skipped.
 */
final class LeaseFile {
    private LeaseFile() {}

    static List<Lease> parse(String text) {
        List<Lease> leases = new ArrayList<>();
        if (text == null) {
            return leases;
        }
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3 || f[0].startsWith("duid")) {
                continue;
            }
            try {
                long expiry = Long.parseLong(f[0]);
                String hostname = f.length < 4 || f[3].equals("*") ? null : f[3];
                leases.add(new Lease(f[1], f[2], hostname, expiry == 0 ? null : Instant.ofEpochSecond(expiry)));
            } catch (NumberFormatException e) {
                // not a lease line
            }
        }
        return leases;
    }
}
