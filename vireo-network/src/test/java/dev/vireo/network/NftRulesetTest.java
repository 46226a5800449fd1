package dev.vireo.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vireo.core.network.NetworkState;
import dev.vireo.core.util.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NftRulesetTest {
    static final NetworkState SMALL = new NetworkState(Fixtures.bridge("net-1", "10.73.0.0/24", true), List.of(
            Fixtures.port("vnaaaaaaaaaa0", "52:54:00:00:00:01", "10.73.0.5", "web1"),
            Fixtures.filtered("vnbbbbbbbbbb0", "52:54:00:00:00:02", "10.73.0.6", "db1",
                    "tcp:22,8000-8100/0.0.0.0/0", "udp:53/10.0.0.0/8", "icmp")),
            List.of(new NetworkState.Forward("127.0.0.1", 8080, "tcp", "10.73.0.5", 80),
                    new NetworkState.Forward("192.168.1.10", 5353, "udp", "10.73.0.6", 53)));

    @Test
    void rendersBothTables() {
        assertThat(NftRuleset.render(SMALL)).isEqualTo("""
                table inet vireo_net_1 {}
                delete table inet vireo_net_1
                table inet vireo_net_1 {
                	chain prerouting_nat {
                		type nat hook prerouting priority dstnat; policy accept;
                		ip daddr 192.168.1.10 udp dport 5353 dnat ip to 10.73.0.6:53
                	}
                	chain output_nat {
                		type nat hook output priority -100; policy accept;
                		ip daddr 127.0.0.1 tcp dport 8080 dnat ip to 10.73.0.5:80
                		ip daddr 192.168.1.10 udp dport 5353 dnat ip to 10.73.0.6:53
                	}
                	chain postrouting_nat {
                		type nat hook postrouting priority srcnat; policy accept;
                		ip saddr 127.0.0.0/8 oifname "net-1" snat ip to 10.73.0.1
                		ip saddr 10.73.0.0/24 ip daddr != 10.73.0.0/24 masquerade
                	}
                	map filtered {
                		type ipv4_addr : verdict
                		elements = {
                			10.73.0.6 : jump sg_vnbbbbbbbbbb0
                		}
                	}
                	chain fwd_filter {
                		type filter hook forward priority filter; policy accept;
                		ct state established,related accept
                		icmp type { destination-unreachable, time-exceeded, parameter-problem } accept
                		ip daddr vmap @filtered
                	}
                	chain sg_vnbbbbbbbbbb0 {
                		tcp dport { 22, 8000-8100 } accept
                		ip saddr 10.0.0.0/8 udp dport 53 accept
                		icmp type echo-request accept
                		drop
                	}
                }
                table bridge vireo_net_1 {}
                delete table bridge vireo_net_1
                table bridge vireo_net_1 {
                	map ports {
                		type ifname : verdict
                		elements = {
                			"vnaaaaaaaaaa0" : jump port_vnaaaaaaaaaa0,
                			"vnbbbbbbbbbb0" : jump port_vnbbbbbbbbbb0
                		}
                	}
                	chain port_input {
                		type filter hook input priority filter; policy accept;
                		iifname vmap @ports
                	}
                	chain port_forward {
                		type filter hook forward priority filter; policy accept;
                		iifname vmap @ports
                	}
                	chain port_vnaaaaaaaaaa0 {
                		ether saddr != 52:54:00:00:00:01 drop
                		arp saddr ether != 52:54:00:00:00:01 drop
                		arp saddr ip != { 0.0.0.0, 10.73.0.5 } drop
                		ip saddr 0.0.0.0 udp sport 68 udp dport 67 return
                		ip saddr != 10.73.0.5 drop
                		ether type != { ip, arp } drop
                	}
                	chain port_vnbbbbbbbbbb0 {
                		ether saddr != 52:54:00:00:00:02 drop
                		arp saddr ether != 52:54:00:00:00:02 drop
                		arp saddr ip != { 0.0.0.0, 10.73.0.6 } drop
                		ip saddr 0.0.0.0 udp sport 68 udp dport 67 return
                		ip saddr != 10.73.0.6 drop
                		ether type != { ip, arp } drop
                	}
                }
                """);
    }

    @Test
    void emptyNetworkHasEmptyPortMapOnly() {
        String script = NftRuleset.render(new NetworkState(Fixtures.bridge("n", "10.1.0.0/24", false), List.of(),
                List.of()));
        assertThat(script).startsWith("table inet vireo_n {}\ndelete table inet vireo_n\ntable inet vireo_n {\n}\n")
                .doesNotContain("masquerade", "fwd_filter");
    }

    @Test
    void deleteScriptWorksWhetherOrNotTablesExist() {
        assertThat(NftRuleset.delete("net-1")).isEqualTo("""
                table inet vireo_net_1 {}
                delete table inet vireo_net_1
                table bridge vireo_net_1 {}
                delete table bridge vireo_net_1
                """);
    }

    @Test
    void nftAcceptsRenderedRulesets(@TempDir Path tmp) throws Exception {
        assumeTrue(RealHost.usable(), "needs root and nft");
        var big = new NetworkState(Fixtures.bridge("big", "10.120.0.0/16", true), Fixtures.manyPorts(100),
                SMALL.forwards());
        for (NetworkState state : List.of(SMALL, big)) {
            Path file = tmp.resolve(state.network().name() + ".nft");
            Files.writeString(file, NftRuleset.render(state));
            var r = Cmd.run(List.of("nft", "-c", "-f", file.toString()), Duration.ofSeconds(30));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
    }
}
