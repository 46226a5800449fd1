package dev.vireo.cli;

import dev.vireo.api.InstanceView;
import dev.vireo.api.Sizes;
import dev.vireo.api.SshEndpoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How values read in tables and info pages; JSON output never goes through here. */
final class Formats {
    private Formats() {}

    static String size(long bytes) {
        return bytes > 0 ? Sizes.format(bytes) : "-";
    }

    /** UTC to the second: unambiguous across hosts and short enough for a table. */
    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** A fraction as a percentage; the daemon reports a negative fraction when it cannot tell. */
    static String percent(double fraction) {
        return fraction < 0 ? "-" : Math.round(Math.min(fraction, 1.0) * 100) + "%";
    }

    /** The list's ADDRESS column: the first guest address, else where its SSH is forwarded. */
    static String address(InstanceView instance) {
        List<String> addresses = instance.addresses();
        if (addresses != null && !addresses.isEmpty()) {
            return addresses.getFirst();
        }
        SshEndpoint ssh = instance.ssh();
        return ssh == null || ssh.host() == null ? "-" : ssh.host() + ":" + ssh.port();
    }

    /** A command a person can paste: "ssh -p 40123 debian@127.0.0.1", or null when SSH is not set up. */
    static String sshCommand(SshEndpoint ssh) {
        if (ssh == null || ssh.host() == null) {
            return null;
        }
        String user = ssh.user() == null ? "" : ssh.user() + "@";
        return "ssh" + (ssh.port() == 22 ? "" : " -p " + ssh.port()) + " " + user + ssh.host();
    }
}
