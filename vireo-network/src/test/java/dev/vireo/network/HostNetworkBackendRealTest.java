package dev.vireo.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vireo.api.VireoException;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.util.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend on the real kernel, each test inside scratch network namespaces: a "host" namespace
 * the backend works in (its tools run under {@code ip netns exec}) and one namespace per guest,
 * joined to the host namespace by a veth whose host end is the port's device.
 */
class HostNetworkBackendRealTest {
    private static final String MAC1 = "52:54:00:aa:00:01";
    private static final String MAC2 = "52:54:00:aa:00:02";

    @TempDir
    Path tmp;

    private Netns netns;
    private Path dhcpScript;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(RealHost.usable(), "needs root, ip, nft, dnsmasq, sysctl and busybox");
        netns = new Netns();
        dhcpScript = tmp.resolve("udhcpc.sh");
        Files.writeString(dhcpScript, "#!/bin/sh\n[ \"$1\" = bound ] && echo \"lease $ip $router $dns\"\nexit 0\n");
        dhcpScript.toFile().setExecutable(true);
    }

    @AfterEach
    void tearDown() {
        if (netns != null) {
            netns.close();
        }
    }

    @Test
    void bridgeNetworkEndToEnd() throws Exception {
        String tag = netns.tag();
        String host = netns.add("host");
        String dev1 = "vn" + tag + "a1";
        String dev2 = "vn" + tag + "b1";
        String g1 = netns.guest("g1", host, dev1, MAC1);
        String g2 = netns.guest("g2", host, dev2, MAC2);
        Network net = Fixtures.bridge("vt" + tag, "10.77.0.0/24", true);
        var web = Fixtures.port(dev1, MAC1, "10.77.0.11", "web1");
        var db = Fixtures.filtered(dev2, MAC2, "10.77.0.12", "db1", "tcp:22", "icmp");
        NetworkState state = new NetworkState(net, List.of(web, db), List.of());
        Path dir = tmp.resolve("networks");

        long t0 = System.nanoTime();
        new HostNetworkBackend(dir, Netns.in(host)).apply(state);
        long applied = System.nanoTime();
        assertThat(dhcp(g1)).startsWith("lease 10.77.0.11 10.77.0.1 10.77.0.1");
        long answered = System.nanoTime();
        System.out.printf("MEASURE first apply %d ms; apply + first DHCP lease %d ms%n", (applied - t0) / 1_000_000,
                (answered - t0) / 1_000_000);
        assertThat(dhcp(g2)).startsWith("lease 10.77.0.12 ");
        configure(g1, "10.77.0.11");
        configure(g2, "10.77.0.12");

        // static mode: a MAC without a reservation gets nothing
        String g3 = netns.add("g3");
        Netns.sh("ip", "-n", host, "link", "add", "xt" + tag, "type", "veth", "peer", "name", "eth0", "netns", g3);
        Netns.sh("ip", "-n", host, "link", "set", "xt" + tag, "master", net.bridge(), "up");
        Netns.sh("ip", "-n", g3, "link", "set", "eth0", "address", "52:54:00:aa:00:03", "up");
        assertThat(Netns.exec(g3, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "2", "-T", "1", "-s",
                dhcpScript.toString()).stdout()).doesNotContain("lease");

        // DNS names of instances, through the gateway
        assertThat(Netns.exec(g1, "busybox", "nslookup", "db1.vireo", "10.77.0.1").stdout()).contains("10.77.0.12");
        assertThat(Netns.exec(g2, "busybox", "nslookup", "web1", "10.77.0.1").stdout()).contains("10.77.0.11");

        // idempotent, and a new backend (daemon restart) adopts the running dnsmasq
        long pid = dnsmasqPid(dir, net);
        new HostNetworkBackend(dir, Netns.in(host)).apply(state);
        HostNetworkBackend backend = new HostNetworkBackend(dir, Netns.in(host));
        backend.apply(state);
        assertThat(dnsmasqPid(dir, net)).isEqualTo(pid);
        assertThat(backend.hostSubnets()).extracting(Object::toString).contains("10.77.0.0/24");

        // a forward from the host's loopback reaches the guest
        NetworkState forwarded = new NetworkState(net, state.ports(),
                List.of(new NetworkState.Forward("127.0.0.1", 18080, "tcp", "10.77.0.11", 8080)));
        backend.apply(forwarded);
        assertThat(dnsmasqPid(dir, net)).as("rules alone do not restart dnsmasq").isEqualTo(pid);
        serve(g1, 8080, "via-forward");
        assertThat(connect(host, "127.0.0.1", 18080)).contains("via-forward");

        // security group on db1: tcp 22 and icmp allowed, tcp 80 not; its own connections get replies
        serve(g2, 22, "ssh-ok");
        serve(g2, 80, "http-open");
        assertThat(connect(g1, "10.77.0.12", 22)).contains("ssh-ok");
        assertThat(connect(g1, "10.77.0.12", 80)).doesNotContain("http-open");
        assertThat(ping(g1, "10.77.0.12")).isTrue();
        serve(g1, 8081, "reply-came-back");
        assertThat(connect(g2, "10.77.0.11", 8081)).contains("reply-came-back");
        assertThat(connect(host, "10.77.0.12", 80)).as("the host itself is not filtered").contains("http-open");

        // anti-spoofing: web1 taking another address reaches neither the gateway nor db1
        assertThat(ping(g1, "10.77.0.1")).isTrue();
        Netns.sh("ip", "-n", g1, "addr", "flush", "dev", "eth0");
        Netns.sh("ip", "-n", g1, "addr", "add", "10.77.0.50/24", "dev", "eth0");
        assertThat(ping(g1, "10.77.0.1")).isFalse();
        assertThat(ping(g1, "10.77.0.12")).isFalse();
        configure(g1, "10.77.0.11");
        Netns.sh("ip", "-n", g1, "link", "set", "eth0", "address", "52:54:00:aa:00:99");
        assertThat(ping(g1, "10.77.0.1")).as("changed MAC").isFalse();
        Netns.sh("ip", "-n", g1, "link", "set", "eth0", "address", MAC1);

        // adding one port (a tap the backend creates)
        List<NetworkState.Port> more = new ArrayList<>(state.ports());
        more.add(Fixtures.port("vn" + tag + "c1", "52:54:00:aa:00:04", "10.77.0.13", "app1"));
        long t1 = System.nanoTime();
        backend.apply(new NetworkState(net, more, forwarded.forwards()));
        System.out.printf("MEASURE add one port to an existing network %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        assertThat(Netns.exec(host, "ip", "-d", "link", "show", "vn" + tag + "c1").stdout()).contains("tun", "master "
                + net.bridge());
        assertThat(Netns.exec(g1, "busybox", "nslookup", "app1.vireo", "10.77.0.1").stdout()).contains("10.77.0.13");
        assertThat(dnsmasqPid(dir, net)).isEqualTo(pid);

        // removing the port deletes the tap but never a link the backend did not name
        backend.apply(forwarded);
        assertThat(Netns.exec(host, "ip", "link", "show", "vn" + tag + "c1").exitCode()).isNotZero();
        assertThat(Netns.exec(host, "ip", "link", "show", "xt" + tag).exitCode()).isZero();

        backend.remove(net);
        assertThat(Netns.exec(host, "ip", "link", "show", net.bridge()).exitCode()).isNotZero();
        assertThat(Netns.exec(host, "ip", "link", "show", dev1).exitCode()).isNotZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Netns.exec(host, "nft", "list", "tables").stdout()).doesNotContain("vireo_");
        assertThat(dir.resolve(net.name())).doesNotExist();
        backend.remove(net);
    }

    @Test
    void theAddressOfAGoneNicGoesToTheNextNicAtOnce() throws Exception {
        String tag = netns.tag();
        String host = netns.add("host");
        String dev1 = "vn" + tag + "a1";
        String dev2 = "vn" + tag + "b1";
        String g1 = netns.guest("g1", host, dev1, MAC1);
        String g2 = netns.guest("g2", host, dev2, MAC2);
        Network net = Fixtures.bridge("vt" + tag, "10.76.0.0/24", true);
        HostNetworkBackend backend = new HostNetworkBackend(tmp.resolve("networks"), Netns.in(host));
        backend.apply(new NetworkState(net, List.of(Fixtures.port(dev1, MAC1, "10.76.0.11", "old")), List.of()));
        assertThat(dhcp(g1)).startsWith("lease 10.76.0.11 ");

        // the first NIC is deleted and its address reserved for another: dnsmasq must not keep it for the old MAC
        backend.apply(new NetworkState(net, List.of(Fixtures.port(dev2, MAC2, "10.76.0.11", "new")), List.of()));

        assertThat(backend.leases(net)).noneMatch(l -> l.mac().equals(MAC1));
        assertThat(dhcp(g2)).as("dnsmasq's log:\n%s", java.nio.file.Files.readString(
                tmp.resolve("networks/" + net.name() + "/dnsmasq.log"))).startsWith("lease 10.76.0.11 ");
    }

    @Test
    void failedFirstApplyLeavesNothing() throws Exception {
        String tag = netns.tag();
        String host = netns.add("host");
        Path dir = tmp.resolve("networks");
        var backend = new HostNetworkBackend(dir, Netns.in(host));
        Network a = Fixtures.bridge("va" + tag, "10.78.0.0/24", false);
        backend.apply(new NetworkState(a, List.of(), List.of()));
        long pid = dnsmasqPid(dir, a);
        // same gateway address: the second dnsmasq cannot bind 10.78.0.1:53
        Network b = Fixtures.bridge("vb" + tag, "10.78.0.0/24", false);
        var port = Fixtures.port("vn" + tag + "z1", "52:54:00:aa:00:09", "10.78.0.9", "z");
        assertThatThrownBy(() -> backend.apply(new NetworkState(b, List.of(port), List.of())))
                .isInstanceOf(VireoException.class).hasMessageContaining("dnsmasq cannot start")
                .hasMessageNotContaining("\n");
        assertThat(Netns.exec(host, "ip", "link", "show", b.bridge()).exitCode()).isNotZero();
        assertThat(Netns.exec(host, "ip", "link", "show", "vn" + tag + "z1").exitCode()).isNotZero();
        assertThat(Netns.exec(host, "nft", "list", "tables").stdout()).doesNotContain(NftRuleset.table(b.name()))
                .contains(NftRuleset.table(a.name()));
        assertThat(dir.resolve(b.name())).doesNotExist();
        assertThat(dnsmasqPid(dir, a)).isEqualTo(pid);
        backend.remove(a);
    }

    @Test
    void vxlanJoinsTwoHosts() throws Exception {
        String tag = netns.tag();
        String h1 = netns.add("h1");
        String h2 = netns.add("h2");
        Netns.sh("ip", "-n", h1, "link", "add", "u1", "type", "veth", "peer", "name", "u2", "netns", h2);
        Netns.sh("ip", "-n", h1, "addr", "add", "10.99.0.1/24", "dev", "u1");
        Netns.sh("ip", "-n", h2, "addr", "add", "10.99.0.2/24", "dev", "u2");
        Netns.sh("ip", "-n", h1, "link", "set", "u1", "up");
        Netns.sh("ip", "-n", h2, "link", "set", "u2", "up");
        String dev1 = "vn" + tag + "a1";
        String dev2 = "vn" + tag + "b1";
        String g1 = netns.guest("g1", h1, dev1, MAC1);
        String g2 = netns.guest("g2", h2, dev2, MAC2);
        int vni = 4242;
        Network n1 = Fixtures.vxlan("vx" + tag, "10.98.0.0/24", vni, List.of("10.99.0.2"), "10.99.0.1");
        Network n2 = Fixtures.vxlan("vx" + tag, "10.98.0.0/24", vni, List.of("10.99.0.1"), "10.99.0.2");
        new HostNetworkBackend(tmp.resolve("h1"), Netns.in(h1)).apply(new NetworkState(n1,
                List.of(Fixtures.port(dev1, MAC1, "10.98.0.11", "left")), List.of()));
        var backend2 = new HostNetworkBackend(tmp.resolve("h2"), Netns.in(h2));
        backend2.apply(new NetworkState(n2, List.of(Fixtures.port(dev2, MAC2, "10.98.0.12", "right")), List.of()));
        backend2.apply(new NetworkState(n2, List.of(Fixtures.port(dev2, MAC2, "10.98.0.12", "right")), List.of()));

        assertThat(Netns.exec(h1, "bridge", "fdb", "show", "dev", "vx" + vni).stdout())
                .contains("00:00:00:00:00:00 dst 10.99.0.2");
        assertThat(Netns.exec(h1, "ip", "link", "show", n1.bridge()).stdout())
                .contains(BridgeLinks.vxlanBridgeMac(vni));
        // each host's dnsmasq answers its own instance only, though both see every broadcast
        assertThat(dhcp(g1)).startsWith("lease 10.98.0.11 ");
        assertThat(dhcp(g2)).startsWith("lease 10.98.0.12 ");
        configure(g1, "10.98.0.11");
        configure(g2, "10.98.0.12");
        assertThat(ping(g1, "10.98.0.12")).isTrue();
        assertThat(ping(g2, "10.98.0.11")).isTrue();
        assertThat(ping(g2, "10.98.0.1")).as("the local anycast gateway").isTrue();

        // a peer dropped from the list loses its flood entry
        Network lonely = Fixtures.vxlan("vx" + tag, "10.98.0.0/24", vni, List.of(), "10.99.0.1");
        new HostNetworkBackend(tmp.resolve("h1"), Netns.in(h1)).apply(new NetworkState(lonely,
                List.of(Fixtures.port(dev1, MAC1, "10.98.0.11", "left")), List.of()));
        assertThat(Netns.exec(h1, "bridge", "fdb", "show", "dev", "vx" + vni).stdout()).doesNotContain("10.99.0.2");
        backend2.remove(n2);
        assertThat(Netns.exec(h2, "ip", "link", "show", "vx" + vni).exitCode()).isNotZero();
    }

    @Test
    void measuresHundredPorts() throws Exception {
        String host = netns.add("host");
        Network net = Fixtures.bridge("vh" + netns.tag(), "10.120.0.0/16", true);
        var state = new NetworkState(net, Fixtures.manyPorts(100), List.of());
        var backend = new HostNetworkBackend(tmp.resolve("networks"), Netns.in(host));
        long t0 = System.nanoTime();
        backend.apply(state);
        long t1 = System.nanoTime();
        backend.apply(state);
        long t2 = System.nanoTime();
        Path ruleset = tmp.resolve("networks").resolve(net.name()).resolve("ruleset.nft");
        long n0 = System.nanoTime();
        Cmd.Result r = Netns.exec(host, "nft", "-f", ruleset.toString());
        long n1 = System.nanoTime();
        assertThat(r.exitCode()).isZero();
        String listed = Netns.exec(host, "nft", "-a", "list", "ruleset").stdout();
        long rules = listed.lines().filter(l -> l.contains("# handle") && !l.strip().startsWith("table")
                && !l.strip().startsWith("chain") && !l.strip().startsWith("map")).count();
        System.out.printf("MEASURE 100 ports: first apply (100 taps, dnsmasq, rules) %d ms, re-apply %d ms,"
                + " nft -f alone %d ms, nft rules %d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (n1 - n0) / 1_000_000, rules);
        backend.remove(net);
    }

    private static long dnsmasqPid(Path dir, Network n) throws Exception {
        return Long.parseLong(Files.readString(dir.resolve(n.name()).resolve("dnsmasq.pid")).strip());
    }

    private String dhcp(String guest) {
        return Netns.exec(guest, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "5", "-T", "1", "-s",
                dhcpScript.toString()).stdout().lines().filter(l -> l.startsWith("lease")).findFirst().orElse("");
    }

    private static void configure(String guest, String ip) {
        Netns.exec(guest, "ip", "addr", "flush", "dev", "eth0");
        Netns.sh("ip", "-n", guest, "addr", "add", ip + "/24", "dev", "eth0");
    }

    private static boolean ping(String ns, String ip) {
        return Netns.exec(ns, "busybox", "ping", "-c", "1", "-W", "1", ip).exitCode() == 0;
    }

    /** A one-shot TCP server in {@code ns} that sends {@code text} to whoever connects. */
    private void serve(String ns, int port, String text) throws Exception {
        netns.spawn(ns, "sh", "-c", "echo " + text + " | busybox nc -l -p " + port);
        for (int i = 0; i < 50; i++) {
            if (Netns.exec(ns, "sh", "-c", "grep -qiE ':" + String.format("%04X", port)
                    + " 0+:0000 0A' /proc/net/tcp /proc/net/tcp6").exitCode() == 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("nc did not listen on " + port);
    }

    private static String connect(String ns, String ip, int port) {
        return Netns.exec(ns, "busybox", "nc", "-w", "2", ip, Integer.toString(port)).stdout();
    }
}
