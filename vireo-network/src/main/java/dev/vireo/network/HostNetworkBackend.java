package dev.vireo.network;

import dev.vireo.api.VireoException;
import dev.vireo.core.network.Lease;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkBackend;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.network.Subnet;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Reverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Managed networks on this host with the kernel's own tools: a Linux bridge (plus a VXLAN link for
 * VXLAN networks), one tap or adopted link per port, one dnsmasq per network for DHCP and DNS, and
 * two nftables tables per network (NAT, port forwards and security groups in {@code inet};
 * anti-spoofing in {@code bridge}). Runtime files of network NAME live in {@code networksDir/NAME/}.
 * Everything it starts outlives the daemon; a new instance over the same directory adopts it.
 */
public final class HostNetworkBackend implements NetworkBackend {
    private static final Logger LOG = LoggerFactory.getLogger(HostNetworkBackend.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,14}");

    private final Path networksDir;
    private final IpLinks ip;
    private final BridgeLinks links;
    private final Nft nft;
    private final Sysctl sysctl;
    private final HostCommands commands;

    public HostNetworkBackend(Path networksDir) {
        this(networksDir, List.of());
    }

    /** {@code commandPrefix} goes in front of every tool it runs, e.g. {@code ip netns exec NS} in tests. */
    HostNetworkBackend(Path networksDir, List<String> commandPrefix) {
        this.networksDir = networksDir;
        this.commands = new HostCommands(commandPrefix);
        this.ip = new IpLinks(commands);
        this.links = new BridgeLinks(ip);
        this.nft = new Nft(commands);
        this.sysctl = new Sysctl(commands);
    }

    @Override
    public synchronized void apply(NetworkState desired) {
        Network n = desired.network();
        NetworkDir dir = dirOf(n);
        long started = System.nanoTime();
        boolean existed = Files.isDirectory(dir.dir()) || ip.exists(n.bridge());
        List<Lease> reservedBefore = reservations(dir);
        try (Reverter revert = new Reverter()) {
            if (!Files.isDirectory(dir.dir())) {
                Files2.createDirectories(dir.dir());
                revert.add(() -> Files2.deleteTree(dir.dir()));
            }
            links.apply(desired, dir, revert);
            sysctls(desired);
            rules(desired, dir, existed, revert);
            dnsmasq(desired, dir, existed, revert);
            revert.success();
        }
        releaseStaleLeases(desired, dir, reservedBefore);
        LOG.info("network {}: applied {} ports, {} forwards in {} ms", n.name(), desired.ports().size(),
                desired.forwards().size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The reservations in the dhcp-hosts file ({@code MAC,IP,NAME} lines), as leases without expiry. */
    private static List<Lease> reservations(NetworkDir dir) {
        String text = TextFiles.read(dir.dhcpHosts());
        return text == null ? List.of() : text.lines().map(l -> l.split(",")).filter(p -> p.length >= 2)
                .map(p -> new Lease(p[0], p[1], p.length > 2 ? p[2] : null, null)).toList();
    }

    /**
     * A lease outlives its reservation: dnsmasq would refuse the address to the next NIC given it
     * ("not using configured address ... because it is leased to ...") until the lease expires.
     * The leases of reservations that are gone are released (DHCPRELEASE on their behalf, as
     * libvirt does): those this apply removed (dnsmasq writes its lease file lazily, so the file
     * alone misses fresh leases) and any stale one in the lease file. A failure only delays
     * reuse, so it is logged.
     */
    private void releaseStaleLeases(NetworkState desired, NetworkDir dir, List<Lease> reservedBefore) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        desired.ports().forEach(p -> wanted.add(p.mac() + "/" + p.ip()));
        java.util.Map<String, Lease> gone = new java.util.LinkedHashMap<>();
        reservedBefore.forEach(l -> gone.put(l.mac() + "/" + l.ip(), l));
        LeaseFile.parse(TextFiles.read(dir.leases())).forEach(l -> gone.put(l.mac() + "/" + l.ip(), l));
        gone.keySet().removeAll(wanted);
        for (Lease lease : gone.values()) {
            String why;
            try {
                var r = commands.run(List.of("dhcp_release", desired.network().bridge(), lease.ip(), lease.mac()));
                why = r.exitCode() == 0 ? null : r.lastLine("dhcp_release");
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            if (why != null) {
                LOG.warn("network {}: cannot release the lease of {} ({}): {}", desired.network().name(),
                        lease.ip(), lease.mac(), why);
            }
        }
    }

    @Override
    public synchronized void remove(Network network) {
        NetworkDir dir = dirOf(network);
        new Dnsmasq(commands, network.name(), dir).stop();
        Files2.createDirectories(dir.dir());
        links.remove(network, dir);
        nft.apply("network " + network.name() + ": delete rules", NftRuleset.delete(network.name()), dir.ruleset());
        Files2.deleteTree(dir.dir());
        LOG.info("network {}: removed", network.name());
    }

    @Override
    public List<Lease> leases(Network network) {
        return LeaseFile.parse(TextFiles.read(dirOf(network).leases()));
    }

    @Override
    public List<Subnet> hostSubnets() {
        return ip.routedSubnets();
    }

    @Override
    public String unavailableReason() {
        return HostRequirements.unavailableReason();
    }

    private void sysctls(NetworkState s) {
        boolean routed = s.forwards().stream().anyMatch(f -> !NftRuleset.loopback(f));
        if (s.network().nat() || routed) {
            sysctl.enable("net.ipv4.ip_forward");
        }
        String localnet = "net.ipv4.conf." + s.network().bridge() + ".route_localnet";
        String want = s.forwards().stream().anyMatch(NftRuleset::loopback) ? "1" : "0";
        if (!want.equals(sysctl.get(localnet))) {
            sysctl.set(localnet, want);
        }
        if (s.ports().stream().anyMatch(NetworkState.Port::filtered)) {
            sysctl.enable("net.bridge.bridge-nf-call-iptables"); // bridged IPv4 then passes the inet forward hook
        }
    }

    private void rules(NetworkState s, NetworkDir dir, boolean existed, Reverter revert) {
        String name = s.network().name();
        String previous = TextFiles.read(dir.ruleset());
        if (existed && previous != null) {
            revert.add(() -> nft.apply("network " + name + ": restore rules", previous, dir.ruleset()));
        } else {
            revert.add(() -> nft.apply("network " + name + ": delete rules", NftRuleset.delete(name), dir.ruleset()));
        }
        nft.apply("network " + name + ": apply rules", NftRuleset.render(s), dir.ruleset());
    }

    private void dnsmasq(NetworkState s, NetworkDir dir, boolean existed, Reverter revert) {
        Dnsmasq dnsmasq = new Dnsmasq(commands, s.network().name(), dir);
        DnsmasqConfig config = DnsmasqConfig.render(s, dir);
        String oldConf = TextFiles.read(dir.dnsmasqConf());
        String oldDhcpHosts = TextFiles.read(dir.dhcpHosts());
        String oldHosts = TextFiles.read(dir.hosts());
        boolean confChanged = TextFiles.writeIfChanged(dir.dnsmasqConf(), config.conf());
        boolean hostsChanged = TextFiles.writeIfChanged(dir.dhcpHosts(), config.dhcpHosts());
        hostsChanged |= TextFiles.writeIfChanged(dir.hosts(), config.hosts());
        OptionalLong pid = dnsmasq.pid();
        if (pid.isPresent() && confChanged) {
            LOG.info("network {}: dnsmasq configuration changed, restarting", s.network().name());
            dnsmasq.stop();
            pid = OptionalLong.empty();
        }
        if (pid.isEmpty()) {
            if (existed && oldConf != null) {
                revert.add(() -> restoreDnsmasq(dnsmasq, dir, oldConf, oldDhcpHosts, oldHosts));
            }
            dnsmasq.start();
            revert.add(dnsmasq::stop);
        } else if (hostsChanged) {
            dnsmasq.reload(pid.getAsLong());
        }
    }

    /** Puts back the files of the dnsmasq that ran before and starts it again. */
    private static void restoreDnsmasq(Dnsmasq dnsmasq, NetworkDir dir, String conf, String dhcpHosts, String hosts) {
        TextFiles.writeIfChanged(dir.dnsmasqConf(), conf);
        TextFiles.writeIfChanged(dir.dhcpHosts(), dhcpHosts == null ? "" : dhcpHosts);
        TextFiles.writeIfChanged(dir.hosts(), hosts == null ? "" : hosts);
        if (dnsmasq.pid().isEmpty()) {
            dnsmasq.start();
        }
    }

    private NetworkDir dirOf(Network n) {
        if (!NAME.matcher(n.name()).matches()) {
            throw VireoException.invalid("invalid network name '" + n.name()
                    + "': use 1-15 lowercase letters, digits and '-', starting with a letter");
        }
        return new NetworkDir(networksDir.resolve(n.name()));
    }
}
