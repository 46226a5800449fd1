package dev.vireo.it.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.NicView;
import dev.vireo.it.support.GuestConsole;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.TinyShell;
import dev.vireo.it.support.Vireo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A managed network on the real host (bridge, dnsmasq, nftables) with two tiny guests, checked
 * from inside them through their serial consoles: DHCP gives the reserved addresses, DNS resolves
 * instance names, a security group lets one port through and not another, a NIC cannot send
 * from an address it was not given, a port forward reaches a guest, a daemon crash changes
 * nothing, and deleting the network leaves no link, process or rule behind.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class TinyNetworkIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Vireo vireo = Vireo.get();

    private TinyShell launch(String name, String network) {
        vireo.cliOk("launch", "tiny", name, "--memory", "256MiB", "--cpus", "1", "--network", network);
        return new TinyShell(new GuestConsole(vireo.instanceDir(name))).awaitShell();
    }

    private static String address(TinyShell shell) {
        return shell.run("echo \"ADDR[$(ip -4 -o addr show dev eth0 | grep -o 'inet [0-9.]*' | head -1)]\"",
                "ADDR\\[(?:inet )?([0-9.]*)\\]");
    }

    private static boolean pings(TinyShell shell, String options) {
        return shell.run("echo \"PING[$(ping -c 2 -W 2 " + options + " >/dev/null 2>&1 && echo ok || echo no)]\"",
                "PING\\[(ok|no)\\]").equals("ok");
    }

    private static String connect(TinyShell shell, String host, int port) {
        return shell.run("echo \"NC[$(echo | nc -w 3 " + host + " " + port + " 2>/dev/null)]\"", "NC\\[(\\w*)\\]");
    }

    private static void listen(TinyShell shell, int port, String answer) {
        shell.run("(nc -l -p " + port + " -e echo " + answer + " &) ; echo LISTEN-" + port, "\\n(LISTEN-" + port + ")");
    }

    private static String hostConnect(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    void guestsOnAManagedNetworkGetTheirAddressesAndAreFilteredForwardedAndCleanedUp() throws Exception {
        assertThat(vireo.cliOk("network", "list").out()).as("the default network").contains("vireo0");
        vireo.cliOk("network", "create", "vnet1", "--subnet", "10.181.0.0/24", "--dns-domain", "lab");
        TinyShell n1 = launch("n1", "vnet1");
        TinyShell n2 = launch("n2", "vnet1,ip=10.181.0.50");

        await("DHCP on n1").atMost(WAIT).until(() -> address(n1).equals("10.181.0.2"));
        await("DHCP on n2").atMost(WAIT).until(() -> address(n2).equals("10.181.0.50"));
        assertThat(vireo.cliOk("list").out()).contains("10.181.0.50");
        await("n2's lease is seen").atMost(WAIT).until(() -> vireo.client().instance("n2").nics().stream()
                .allMatch(NicView::leased));
        assertThat(n1.run("echo \"DNS[$(nslookup n2.lab 10.181.0.1 2>&1 | grep -o 10.181.0.50 | head -1)]\"",
                "DNS\\[([0-9.]*)\\]")).isEqualTo("10.181.0.50");
        assertThat(pings(n1, "10.181.0.50")).isTrue();

        // a security group: port 22 allowed, 80 not; n2's own outbound traffic still gets its replies
        vireo.cliOk("secgroup", "create", "ssh-only", "--allow", "tcp:22");
        vireo.cliOk("secgroup", "attach", "ssh-only", "n2");
        listen(n2, 22, "HELLO22");
        listen(n2, 80, "HELLO80");
        assertThat(connect(n1, "10.181.0.50", 22)).isEqualTo("HELLO22");
        assertThat(connect(n1, "10.181.0.50", 80)).as("denied by the group").isEmpty();
        assertThat(pings(n1, "10.181.0.50")).as("no icmp rule").isFalse();
        assertThat(pings(n2, "10.181.0.2")).as("outbound from n2, replies come back").isTrue();
        vireo.cliOk("secgroup", "rule", "add", "ssh-only", "--allow", "icmp");
        assertThat(pings(n1, "10.181.0.50")).isTrue();

        // anti-spoofing: n1 may only send from the address it was given
        n1.run("ip addr add 10.181.0.99/24 dev eth0; echo SPOOF-SET", "\\n(SPOOF-SET)");
        assertThat(pings(n1, "-I 10.181.0.99 10.181.0.1")).isFalse();
        assertThat(pings(n1, "-I 10.181.0.2 10.181.0.1")).isTrue();

        // a port forward from the host's loopback to n2's port 80 (the host itself is not filtered)
        vireo.cliOk("network", "forward", "add", "vnet1", "--listen", "127.0.0.1:18081", "--to", "n2:80");
        assertThat(vireo.cli("network", "forward", "add", "vnet1", "--listen", "127.0.0.1:18081", "--to", "n2:22")
                .exit()).isEqualTo(4);
        assertThat(hostConnect(18081)).isEqualTo("HELLO80");

        // bad input changes nothing
        Proc overlap = vireo.cli("network", "create", "vnet2", "--subnet", "10.181.0.128/25");
        assertThat(overlap.exit()).as(overlap.toString()).isEqualTo(4);
        assertThat(overlap.err()).contains("overlaps network vnet1");
        Proc outside = vireo.cli("launch", "tiny", "n3", "--network", "vnet1,ip=10.182.0.5");
        assertThat(outside.exit()).as(outside.toString()).isEqualTo(2);
        assertThat(outside.err()).contains("outside network vnet1");
        Proc inUse = vireo.cli("network", "delete", "vnet1");
        assertThat(inUse.exit()).as(inUse.toString()).isEqualTo(5);

        // a daemon crash: dnsmasq and the guests' traffic go on, nothing is rebuilt
        Path pidFile = vireo.daemon().stateDir().resolve("networks/vnet1/dnsmasq.pid");
        String dnsmasq = Files.readString(pidFile).strip();
        vireo.daemon().kill9();
        vireo.daemon().start();
        assertThat(Files.readString(pidFile).strip()).isEqualTo(dnsmasq);
        assertThat(pings(n1, "10.181.0.50")).isTrue();

        List<String> taps = vireo.client().instance("n1").nics().stream().map(NicView::hostDevice).toList();
        vireo.cliOk("delete", "n1", "--force");
        vireo.cliOk("delete", "n2", "--force");
        vireo.cliOk("secgroup", "delete", "ssh-only");
        vireo.cliOk("network", "delete", "vnet1");
        assertThat(Proc.run(List.of("ip", "link", "show", "vnet1")).exit()).isNotZero();
        assertThat(Proc.run(List.of("ip", "link", "show", taps.getFirst())).exit()).isNotZero();
        assertThat(Proc.run(List.of("nft", "list", "table", "inet", "vireo_vnet1")).exit()).isNotZero();
        assertThat(Vireo.alive(Long.parseLong(dnsmasq))).isFalse();
        assertThat(pidFile.getParent()).doesNotExist();
    }
}
