package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.ForwardView;
import dev.vireo.api.InstanceView;
import dev.vireo.api.NetworkView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkCommandTest {
    @TempDir
    Path dir;

    @Test
    void createMapsTheFlagsToTheNetworkRequest() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/networks", 201, Canned.LAN, Canned.OVERLAY)) {
            CliRun lan = CliRun.against(daemon, "network", "create", "lan");
            CliRun overlay = CliRun.against(daemon, "network", "create", "overlay", "--subnet", "10.40.0.0/24",
                    "--isolated", "--dns-domain", "ov.internal", "--mtu", "1450", "--vni", "42",
                    "--peer", "192.168.1.11", "--peer", "192.168.1.12", "--local", "192.168.1.10");
            CliRun nat = CliRun.against(daemon, "network", "create", "lan", "--nat", "--type", "BRIDGE");

            assertThat(lan.exit()).isZero();
            assertThat(lan.out()).isEqualTo("Created network lan (10.30.0.0/24, gateway 10.30.0.1, nat)\n");
            assertThat(overlay.out())
                    .isEqualTo("Created network overlay (10.40.0.0/24, gateway 10.40.0.1, isolated)\n");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/networks {\"name\":\"lan\",\"subnet\":null,\"nat\":null,\"dnsDomain\":null,\"mtu\":null,"
                            + "\"type\":null,\"vni\":null,\"peers\":null,\"local\":null}",
                    "POST /v1/networks {\"name\":\"overlay\",\"subnet\":\"10.40.0.0/24\",\"nat\":false,"
                            + "\"dnsDomain\":\"ov.internal\",\"mtu\":1450,\"type\":\"vxlan\",\"vni\":42,"
                            + "\"peers\":[\"192.168.1.11\",\"192.168.1.12\"],\"local\":\"192.168.1.10\"}",
                    "POST /v1/networks {\"name\":\"lan\",\"subnet\":null,\"nat\":true,\"dnsDomain\":null,\"mtu\":null,"
                            + "\"type\":\"bridge\",\"vni\":null,\"peers\":null,\"local\":null}");
        }
    }

    @Test
    void createRefusesFlagsThatContradictEachOtherBeforeAnyRequest() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))) {
            CliRun both = CliRun.against(daemon, "network", "create", "n", "--nat", "--isolated");
            CliRun type = CliRun.against(daemon, "network", "create", "n", "--type", "geneve");
            CliRun bridgeVni = CliRun.against(daemon, "network", "create", "n", "--type", "bridge", "--vni", "7");
            CliRun noVni = CliRun.against(daemon, "network", "create", "n", "--type", "vxlan");

            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).isEqualTo("vireo: error: give --nat or --isolated, not both\n");
            assertThat(type.err()).isEqualTo("vireo: error: --type must be bridge or vxlan, not 'geneve'\n");
            assertThat(bridgeVni.err()).isEqualTo("vireo: error: --vni, --peer and --local are for vxlan networks\n");
            assertThat(noVni.err()).isEqualTo("vireo: error: a vxlan network needs --vni\n");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void listPrintsATableAndJson() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/networks", 200, Canned.NETWORKS)) {
            CliRun table = CliRun.against(daemon, "network", "list");
            CliRun json = CliRun.against(daemon, "network", "list", "--json");

            assertThat(table.exit()).isZero();
            assertThat(table.out()).isEqualTo("""
                    NAME     TYPE    SUBNET        GATEWAY    NAT  INSTANCES
                    lan      bridge  10.30.0.0/24  10.30.0.1  yes  web1,db1
                    overlay  vxlan   10.40.0.0/24  10.40.0.1  no   -
                    """);
            List<NetworkView> parsed = List.of(Json.mapper().readValue(json.out(), NetworkView[].class));
            assertThat(parsed).extracting(NetworkView::name).containsExactly("lan", "overlay");
            assertThat(parsed.getFirst().forwards()).extracting(ForwardView::target).containsExactly("10.30.0.5:80");
        }
    }

    @Test
    void showIncludesTheForwards() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/networks/lan", 200, Canned.LAN)
                .on("GET /v1/networks/overlay", 200, Canned.OVERLAY)) {
            CliRun lan = CliRun.against(daemon, "network", "show", "lan");
            CliRun overlay = CliRun.against(daemon, "network", "show", "overlay");
            CliRun json = CliRun.against(daemon, "network", "show", "lan", "--json");

            assertThat(lan.out()).isEqualTo("""
                    name:       lan
                    type:       bridge
                    subnet:     10.30.0.0/24
                    gateway:    10.30.0.1
                    nat:        yes
                    dns domain: vireo.internal
                    mtu:        1500
                    vni:        -
                    peers:      -
                    bridge:     vb-lan
                    instances:  web1, db1
                    forwards:   127.0.0.1:8080 -> web1:80/tcp
                    created:    2025-01-02T03:04:05Z
                    """);
            assertThat(overlay.out()).contains("vni:        42\n", "peers:      192.168.1.11, 192.168.1.12\n",
                    "forwards:   -\n", "nat:        no\n");
            assertThat(Json.mapper().readValue(json.out(), NetworkView.class).bridge()).isEqualTo("vb-lan");
        }
    }

    @Test
    void deleteAndAMissingNetwork() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("DELETE /v1/networks/lan", 204, "")) {
            CliRun deleted = CliRun.against(daemon, "network", "delete", "lan");
            CliRun missing = CliRun.against(daemon, "network", "delete", "nope");

            assertThat(deleted.exit()).isZero();
            assertThat(deleted.out()).isEqualTo("Deleted network lan\n");
            assertThat(missing.exit()).isEqualTo(3);
            assertThat(missing.err()).isEqualTo("vireo: error: no route DELETE /v1/networks/nope\n");
            assertThat(daemon.routesCalled()).containsExactly("DELETE /v1/networks/lan", "DELETE /v1/networks/nope");
        }
    }

    @Test
    void deletingANetworkInUseIsOneLineAndExitFive() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("DELETE /v1/networks/lan", 409,
                Canned.error("invalid-state", "network lan has instances (web1); remove their NICs first"))) {
            CliRun run = CliRun.against(daemon, "network", "delete", "lan");

            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err())
                    .isEqualTo("vireo: error: network lan has instances (web1); remove their NICs first\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void forwardAddSendsTheRequestAndRemoveEncodesTheListenAddressAsOneSegment() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/networks/lan/forwards", 201, Canned.FORWARD)
                .on("DELETE /v1/networks/lan/forwards/127.0.0.1%3A8080?proto=tcp", 204, "")
                .on("DELETE /v1/networks/lan/forwards/0.0.0.0%3A5353?proto=udp", 204, "")) {
            CliRun add = CliRun.against(daemon, "network", "forward", "add", "lan", "--listen", "127.0.0.1:8080",
                    "--to", "web1:80");
            CliRun addUdp = CliRun.against(daemon, "network", "forward", "add", "lan", "--listen", "0.0.0.0:5353",
                    "--to", "dns1:53", "--proto", "udp", "--json");
            CliRun remove = CliRun.against(daemon, "network", "forward", "remove", "lan", "--listen",
                    "127.0.0.1:8080");
            CliRun removeUdp = CliRun.against(daemon, "network", "forward", "remove", "lan", "--listen",
                    "0.0.0.0:5353", "--proto", "UDP");

            assertThat(add.exit()).isZero();
            assertThat(add.out()).isEqualTo("Forwarding 127.0.0.1:8080/tcp to web1:80 (10.30.0.5:80)\n");
            assertThat(Json.mapper().readValue(addUdp.out(), ForwardView.class).port()).isEqualTo(80);
            assertThat(remove.out()).isEqualTo("Removed forward 127.0.0.1:8080/tcp from network lan\n");
            assertThat(removeUdp.exit()).isZero();
            assertThat(removeUdp.out()).isEqualTo("Removed forward 0.0.0.0:5353/udp from network lan\n");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/networks/lan/forwards {\"listen\":\"127.0.0.1:8080\",\"to\":\"web1:80\","
                            + "\"proto\":\"tcp\"}",
                    "POST /v1/networks/lan/forwards {\"listen\":\"0.0.0.0:5353\",\"to\":\"dns1:53\",\"proto\":\"udp\"}",
                    "DELETE /v1/networks/lan/forwards/127.0.0.1%3A8080?proto=tcp ",
                    "DELETE /v1/networks/lan/forwards/0.0.0.0%3A5353?proto=udp ");
        }
    }

    @Test
    void forwardListPrintsATableAndJson() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/networks/lan/forwards", 200, Canned.FORWARDS)) {
            CliRun table = CliRun.against(daemon, "network", "forward", "list", "lan");
            CliRun json = CliRun.against(daemon, "network", "forward", "list", "lan", "--json");

            assertThat(table.out()).isEqualTo("""
                    LISTEN          PROTO  INSTANCE  PORT  TARGET
                    127.0.0.1:8080  tcp    web1      80    10.30.0.5:80
                    0.0.0.0:5353    udp    dns1      53    10.30.0.9:53
                    """);
            assertThat(List.of(Json.mapper().readValue(json.out(), ForwardView[].class)))
                    .extracting(ForwardView::instance).containsExactly("web1", "dns1");
        }
    }

    @Test
    void malformedForwardFlagsAreUsageErrorsAndSendNothing() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))) {
            CliRun noPort = CliRun.against(daemon, "network", "forward", "add", "lan", "--listen", "8080",
                    "--to", "web1:80");
            CliRun badTo = CliRun.against(daemon, "network", "forward", "add", "lan", "--listen", "127.0.0.1:8080",
                    "--to", "web1:http");
            CliRun proto = CliRun.against(daemon, "network", "forward", "remove", "lan", "--listen", "127.0.0.1:8080",
                    "--proto", "sctp");
            CliRun missing = CliRun.against(daemon, "network", "forward", "add", "lan", "--listen", "127.0.0.1:8080");

            assertThat(noPort.exit()).isEqualTo(2);
            assertThat(noPort.err())
                    .isEqualTo("vireo: error: --listen '8080': use ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
            assertThat(badTo.err()).isEqualTo("vireo: error: --to 'web1:http': use INSTANCE:PORT, e.g. web1:80\n");
            assertThat(proto.err()).isEqualTo("vireo: error: --proto must be tcp or udp, not 'sctp'\n");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).startsWith("vireo: error: Missing required option: '--to=INSTANCE:PORT'");
            assertThat(daemon.requests).isEmpty();
        }
    }

    @Test
    void infoShowsEachNicAndOldDaemonsWithoutNicsStillWork() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/instances/web1", 200, Canned.WEB1_NICS)
                .on("GET /v1/instances/demo", 200, Canned.DEMO)) {
            CliRun nics = CliRun.against(daemon, "info", "web1");
            CliRun old = CliRun.against(daemon, "info", "demo");
            CliRun json = CliRun.against(daemon, "info", "web1", "--json");

            assertThat(nics.out()).contains("addresses:   10.30.0.5\n"
                    + "nic eth0:    network lan, mac 52:54:00:12:34:56, ip 10.30.0.5, security groups web, leased yes\n"
                    + "nic eth1:    network user, mac 52:54:00:ab:cd:ef, ip -, security groups -, leased no\n"
                    + "ssh:         -\n");
            assertThat(old.exit()).isZero();
            assertThat(old.out()).doesNotContain("nic ");
            assertThat(Json.mapper().readValue(json.out(), InstanceView.class).nics()).hasSize(2);
        }
    }

    @Test
    void theGroupsAloneListTheirVerbs() {
        CliRun bare = CliRun.run("network");
        CliRun forwards = CliRun.run("network", "forward");

        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("create", "list", "show", "delete", "forward");
        assertThat(forwards.exit()).isEqualTo(2);
        assertThat(forwards.err()).contains("add", "list", "remove");
        assertThat(CliRun.run("network", "forward", "help", "add").out())
                .startsWith("Usage: vireo network forward add ").contains("--listen=ADDRESS:PORT");
    }
}
