package dev.vireo.network;

import java.nio.file.Path;

/** Where one network's runtime files live: {@code networksDir/NAME/}. */
record NetworkDir(Path dir) {
    Path dnsmasqConf() {
        return dir.resolve("dnsmasq.conf");
    }

    Path dhcpHosts() {
        return dir.resolve("dhcp-hosts");
    }

    Path hosts() {
        return dir.resolve("hosts");
    }

    Path leases() {
        return dir.resolve("leases");
    }

    Path pidFile() {
        return dir.resolve("dnsmasq.pid");
    }

    Path log() {
        return dir.resolve("dnsmasq.log");
    }

    Path ruleset() {
        return dir.resolve("ruleset.nft");
    }

    Path ipBatch() {
        return dir.resolve("ip.batch");
    }
}
