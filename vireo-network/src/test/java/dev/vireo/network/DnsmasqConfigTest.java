package dev.vireo.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.core.network.NetworkState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsmasqConfigTest {
    private final NetworkDir dir = new NetworkDir(Path.of("/var/lib/vireo/networks/net1"));

    @Test
    void rendersNatNetwork() {
        var state = new NetworkState(Fixtures.bridge("net1", "10.73.0.0/24", true), List.of(
                Fixtures.port("vnaaaaaaaaaa0", "52:54:00:00:00:01", "10.73.0.5", "web1"),
                Fixtures.port("vnbbbbbbbbbb0", "52:54:00:00:00:02", "10.73.0.6", "db1")), List.of());
        var config = DnsmasqConfig.render(state, dir);
        assertThat(config.conf()).isEqualTo("""
                # written by vireo for network net1; changes are overwritten
                interface=net1
                bind-interfaces
                except-interface=lo
                listen-address=10.73.0.1
                no-hosts
                domain=vireo
                local=/vireo/
                expand-hosts
                addn-hosts=/var/lib/vireo/networks/net1/hosts
                dhcp-range=10.73.0.2,static,255.255.255.0,1h
                dhcp-hostsfile=/var/lib/vireo/networks/net1/dhcp-hosts
                dhcp-leasefile=/var/lib/vireo/networks/net1/leases
                dhcp-ignore=tag:!known
                dhcp-authoritative
                dhcp-option=option:router,10.73.0.1
                dhcp-option=option:dns-server,10.73.0.1
                pid-file=/var/lib/vireo/networks/net1/dnsmasq.pid
                user=root
                group=root
                log-facility=/var/lib/vireo/networks/net1/dnsmasq.log
                """);
        assertThat(config.dhcpHosts()).isEqualTo("""
                52:54:00:00:00:01,10.73.0.5,web1
                52:54:00:00:00:02,10.73.0.6,db1
                """);
        assertThat(config.hosts()).isEqualTo("""
                10.73.0.5 web1 web1.vireo
                10.73.0.6 db1 db1.vireo
                """);
    }

    @Test
    void isolatedVxlanNetworkHasNoUpstreamAndSetsMtu() {
        var state = new NetworkState(Fixtures.vxlan("overlay", "10.80.0.0/16", 42, List.of("10.0.0.2"), null),
                List.of(), List.of());
        String conf = DnsmasqConfig.render(state, dir).conf();
        assertThat(conf).contains("no-resolv\n", "dhcp-range=10.80.0.2,static,255.255.0.0,1h\n",
                "dhcp-option=option:mtu,1450\n");
        assertThat(DnsmasqConfig.render(state, dir).dhcpHosts()).isEmpty();
    }

    @Test
    void fifteenCharacterBridgeListensByAddressOnly() {
        var state = new NetworkState(Fixtures.bridge("abcdefghijklmno", "10.73.0.0/24", true), List.of(), List.of());
        assertThat(DnsmasqConfig.render(state, dir).conf()).doesNotContain("interface=abcdefghijklmno\n")
                .contains("listen-address=10.73.0.1\n");
        assertThat(MetadataAddress.label("abcdefghijklmn")).isEqualTo("abcdefghijklmn:");
        assertThat(MetadataAddress.label("net1")).isEqualTo("net1:m");
    }
}
