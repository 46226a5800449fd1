package dev.vireo.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.ForwardRequest;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.NetworkRequest;
import dev.vireo.api.NetworkView;
import dev.vireo.api.NicRequest;
import dev.vireo.api.SecurityGroupRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.fakes.FakeCore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkServiceTest {
    @TempDir
    Path dir;

    private FakeCore core;
    private NetworkService networks;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        networks = core.instances.networks();
    }

    private static Consumer<Throwable> code(ErrorCode expected) {
        return e -> assertThat(((VireoException) e).code()).isEqualTo(expected);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOf(VireoException.class).satisfies(code(code)).hasMessageContaining(text);
    }

    private static NetworkRequest net(String name, String subnet) {
        return new NetworkRequest(name, subnet, null, null, null, null, null, null, null);
    }

    private static LaunchRequest launch(String name, NicRequest... nics) {
        return new LaunchRequest(name, "debian/12", null, null, null, List.of(), null, null, null, null, null,
                nics.length == 0 ? null : List.of(nics), null);
    }

    private void defaultNetwork() {
        networks.ensureDefault(dir.resolve("networks/.default-created"));
    }

    @Test
    void theDefaultNetworkIsMadeOnceOnAFreeSubnetAndADeletedOneStaysDeleted() {
        core.network.hostSubnets.add(Subnet.parse("10.73.0.0/24"));
        defaultNetwork();

        NetworkView v = networks.get(NetworkService.DEFAULT_NETWORK);
        assertThat(v.subnet()).isEqualTo("10.73.1.0/24");
        assertThat(v.gateway()).isEqualTo("10.73.1.1");
        assertThat(v.nat()).isTrue();
        assertThat(core.network.carried).containsKey("vireo0");

        networks.delete("vireo0");
        defaultNetwork();
        assertThat(networks.list()).isEmpty();
        assertThat(core.network.carried).isEmpty();
    }

    @Test
    void withoutRootNetworkingThereIsNoDefaultAndLaunchUsesUserMode() {
        core.network.unavailable = "not root";
        defaultNetwork();

        assertThat(networks.list()).isEmpty();
        core.succeed(core.instances.launch(launch("a")));
        assertThat(networks.nicsOf("a")).isEmpty();
        assertThat(core.driver.starts().getLast().nics()).isEmpty();
        assertThat(core.driver.starts().getLast().sshPort()).isPositive();
        refused(() -> networks.create(net("n1", null)), ErrorCode.UNAVAILABLE, "not root");
    }

    @Test
    void badNetworksAreRefusedAndNothingIsLeft() {
        networks.create(net("lan", "10.10.0.0/24"));
        core.network.hostSubnets.add(Subnet.parse("192.168.1.0/24"));
        core.network.hostLinks.add("eth0");

        refused(() -> networks.create(net("Bad", null)), ErrorCode.INVALID_ARGUMENT, "invalid network name");
        refused(() -> networks.create(net("user", null)), ErrorCode.INVALID_ARGUMENT, "reserved");
        refused(() -> networks.create(net("eth0", null)), ErrorCode.ALREADY_EXISTS, "interface named eth0");
        refused(() -> networks.create(net("lan", "10.20.0.0/24")), ErrorCode.ALREADY_EXISTS, "already exists");
        refused(() -> networks.create(net("b", "10.10.0.128/25")), ErrorCode.ALREADY_EXISTS, "overlaps network lan");
        refused(() -> networks.create(net("b", "192.168.0.0/16")), ErrorCode.ALREADY_EXISTS, "this host already");
        refused(() -> networks.create(net("b", "10.1.2.3/24")), ErrorCode.INVALID_ARGUMENT, "host bits are set");
        refused(() -> networks.create(net("b", "10.1.2.0/33")), ErrorCode.INVALID_ARGUMENT, "invalid subnet");
        refused(() -> networks.create(net("b", "300.1.2.0/24")), ErrorCode.INVALID_ARGUMENT, "above 255");
        refused(() -> networks.create(new NetworkRequest("b", null, null, null, 100, null, null, null, null)),
                ErrorCode.INVALID_ARGUMENT, "MTU");
        refused(() -> networks.create(new NetworkRequest("b", null, null, null, null, "vxlan", null, null, null)),
                ErrorCode.INVALID_ARGUMENT, "--vni");
        networks.create(new NetworkRequest("ov1", null, null, null, null, "vxlan", 42, List.of("10.99.0.2"), null));
        refused(() -> networks.create(new NetworkRequest("ov2", null, null, null, null, "vxlan", 42, null, null)),
                ErrorCode.ALREADY_EXISTS, "VNI 42");

        assertThat(networks.list()).extracting(NetworkView::name).containsExactly("lan", "ov1");
        assertThat(core.network.carried.keySet()).containsExactlyInAnyOrder("lan", "ov1");
    }

    @Test
    void aNetworkTheHostCannotCarryLeavesNoRow() {
        core.network.failApply = VireoException.invalid("dnsmasq: port 53 in use");

        refused(() -> networks.create(net("lan", null)), ErrorCode.INVALID_ARGUMENT, "port 53");
        assertThat(networks.list()).isEmpty();
    }

    @Test
    void launchGivesEachNicAnAddressAMacAndATapAndStartsTheGuestOnThem() {
        defaultNetwork();
        networks.create(net("back", "10.20.0.0/24"));

        core.succeed(core.instances.launch(launch("web", new NicRequest("vireo0", null, null, null),
                new NicRequest("back", "10.20.0.50", "52:54:00:00:00:aa", null))));

        List<Nic> nics = networks.nicsOf("web");
        assertThat(nics).extracting(Nic::name, Nic::network, Nic::ip)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", "vireo0", "10.73.0.2"),
                        org.assertj.core.groups.Tuple.tuple("eth1", "back", "10.20.0.50"));
        assertThat(nics.get(0).mac()).isEqualTo(core.instances.get("web").spec().macAddress());
        assertThat(nics.get(1).mac()).isEqualTo("52:54:00:00:00:aa");
        assertThat(nics.get(0).hostDevice()).matches("vn[0-9a-f]{10}0").hasSizeLessThanOrEqualTo(15);
        StartSpec start = core.driver.starts().getLast();
        assertThat(start.nics()).isEqualTo(nics);
        assertThat(core.network.carried.get("back").ports()).extracting(NetworkState.Port::ip, NetworkState.Port::hostname)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.20.0.50", "web"));
        // two NICs: cloud-init is told to DHCP on both, by MAC
        assertThat(core.seeds.seedAt(core.instances.paths("web").seedIso()).dhcpMacs())
                .containsExactly(nics.get(0).mac(), nics.get(1).mac());
        assertThat(core.instances.ssh("web").host()).isEqualTo("10.73.0.2");
        assertThat(core.instances.ssh("web").port()).isEqualTo(22);

        core.succeed(core.instances.launch(launch("db")));
        assertThat(networks.nicsOf("db")).extracting(Nic::ip).containsExactly("10.73.0.3");
    }

    @Test
    void badNicsAreRefusedBeforeAnyWork() {
        defaultNetwork();
        core.succeed(core.instances.launch(launch("a", new NicRequest("vireo0", "10.73.0.9", null, null))));

        refused(() -> core.instances.launch(launch("b", new NicRequest("nope", null, null, null))),
                ErrorCode.NOT_FOUND, "network nope");
        refused(() -> core.instances.launch(launch("b", new NicRequest("vireo0", "10.74.0.9", null, null))),
                ErrorCode.INVALID_ARGUMENT, "outside network vireo0");
        refused(() -> core.instances.launch(launch("b", new NicRequest("vireo0", "10.73.0.1", null, null))),
                ErrorCode.INVALID_ARGUMENT, "reserved");
        refused(() -> core.instances.launch(launch("b", new NicRequest("vireo0", "10.73.0.9", null, null))),
                ErrorCode.ALREADY_EXISTS, "taken by a");
        refused(() -> core.instances.launch(launch("b", new NicRequest("vireo0", null, "01:00:00:00:00:01", null))),
                ErrorCode.INVALID_ARGUMENT, "multicast");
        refused(() -> core.instances.launch(launch("b", new NicRequest("vireo0", null, "zz", null))),
                ErrorCode.INVALID_ARGUMENT, "invalid MAC");
        refused(() -> core.instances.launch(launch("b", new NicRequest("vireo0", null, null, List.of("web")))),
                ErrorCode.NOT_FOUND, "security group web");
        refused(() -> core.instances.launch(launch("b", new NicRequest("user", null, null, null),
                new NicRequest("vireo0", null, null, null))), ErrorCode.INVALID_ARGUMENT, "cannot be combined");
        refused(() -> core.instances.launch(new LaunchRequest("b", "debian/12", null, null, null, List.of(), null,
                null, null, null, null, List.of(new NicRequest("user", null, null, null)), "metadata")),
                ErrorCode.INVALID_ARGUMENT, "--seed metadata needs");

        assertThat(core.state.findInstance("b")).isEmpty();
        assertThat(core.state.listNics()).extracting(Nic::instance).containsExactly("a");
    }

    @Test
    void anExhaustedNetworkRefusesTheNextNicAndKeepsNothing() {
        networks.create(net("tiny", "10.30.0.0/29")); // .2 to .6: five addresses
        for (int i = 0; i < 5; i++) {
            core.succeed(core.instances.launch(launch("i" + i, new NicRequest("tiny", null, null, null))));
        }

        assertThat(core.finish(core.instances.launch(launch("i5", new NicRequest("tiny", null, null, null)))).error()
                .message())
                .contains("no free address");
        assertThat(core.state.findInstance("i5")).isEmpty();
        assertThat(core.network.carried.get("tiny").ports()).hasSize(5);
    }

    @Test
    void deletingAnInstanceUnplugsItsNicsAndNetworksInUseCannotBeDeleted() {
        defaultNetwork();
        core.succeed(core.instances.launch(launch("a")));

        refused(() -> networks.delete("vireo0"), ErrorCode.INVALID_STATE, "in use by a");
        core.succeed(core.instances.delete("a", true));

        assertThat(core.network.carried.get("vireo0").ports()).isEmpty();
        networks.delete("vireo0");
        assertThat(core.network.carried).isEmpty();
    }

    @Test
    void aCloneGetsNicsOnTheSameNetworksWithNewAddressesAndMacs() {
        defaultNetwork();
        core.succeed(core.instances.launch(launch("a")));
        core.succeed(core.instances.act("a", new dev.vireo.core.instance.InstanceAction.Stop(
                java.time.Duration.ofSeconds(1), true)));

        core.succeed(core.instances.clones().clone("a", new dev.vireo.api.CloneRequest("b", null, null)));

        Nic a = networks.nicsOf("a").getFirst();
        Nic b = networks.nicsOf("b").getFirst();
        assertThat(b.network()).isEqualTo("vireo0");
        assertThat(b.ip()).isNotEqualTo(a.ip());
        assertThat(b.mac()).isNotEqualTo(a.mac()).isEqualTo(core.instances.get("b").spec().macAddress());
    }

    @Test
    void forwardsNeedAFreeHostPortAndANicOnTheNetwork() throws Exception {
        defaultNetwork();
        core.succeed(core.instances.launch(launch("web")));

        var f = networks.addForward("vireo0", new ForwardRequest("127.0.0.1:18080", "web:80", null));
        assertThat(f.target()).isEqualTo("10.73.0.2:80");
        assertThat(core.network.carried.get("vireo0").forwards()).containsExactly(
                new NetworkState.Forward("127.0.0.1", 18080, "tcp", "10.73.0.2", 80));

        refused(() -> networks.addForward("vireo0", new ForwardRequest("127.0.0.1:18080", "web:81", "tcp")),
                ErrorCode.ALREADY_EXISTS, "already exists");
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refused(() -> networks.addForward("vireo0", new ForwardRequest("127.0.0.1:" + busy.getLocalPort(),
                    "web:80", null)), ErrorCode.ALREADY_EXISTS, "already in use");
        }
        refused(() -> networks.addForward("vireo0", new ForwardRequest("127.0.0.1:x", "web:80", null)),
                ErrorCode.INVALID_ARGUMENT, "not a port");
        refused(() -> networks.addForward("vireo0", new ForwardRequest("127.0.0.1:8081", "nope:80", null)),
                ErrorCode.NOT_FOUND, "instance nope");
        refused(() -> networks.addForward("vireo0", new ForwardRequest("127.0.0.1:8081", "web:80", "sctp")),
                ErrorCode.INVALID_ARGUMENT, "tcp or udp");

        networks.removeForward("vireo0", "127.0.0.1:18080", null);
        assertThat(core.network.carried.get("vireo0").forwards()).isEmpty();
        refused(() -> networks.removeForward("vireo0", "127.0.0.1:18080", "tcp"), ErrorCode.NOT_FOUND, "forward");
    }

    @Test
    void securityGroupRulesReachTheNicsTheyAreAttachedTo() {
        defaultNetwork();
        SecurityGroups groups = networks.securityGroups();
        groups.create(new SecurityGroupRequest("web", List.of("tcp:22,80/0.0.0.0/0", "icmp")));
        core.succeed(core.instances.launch(launch("a", new NicRequest("vireo0", null, null, List.of("web")))));
        core.succeed(core.instances.launch(launch("b")));

        NetworkState.Port a = port("a");
        assertThat(a.filtered()).isTrue();
        assertThat(a.rules()).extracting(SecurityRule::toString).containsExactly("tcp:22,80/0.0.0.0/0", "icmp/0.0.0.0/0");
        assertThat(port("b").filtered()).isFalse();

        groups.addRule("web", "udp:5000-5010/10.0.0.0/8");
        assertThat(port("a").rules()).hasSize(3);
        refused(() -> groups.addRule("web", "udp:5000-5010/10.0.0.0/8"), ErrorCode.ALREADY_EXISTS, "already allows");
        refused(() -> groups.addRule("web", "tcp"), ErrorCode.INVALID_ARGUMENT, "needs ports");
        refused(() -> groups.addRule("web", "gre"), ErrorCode.INVALID_ARGUMENT, "unknown protocol");
        refused(() -> groups.addRule("web", "tcp:0"), ErrorCode.INVALID_ARGUMENT, "port range");

        groups.attach("b", "web", null);
        assertThat(port("b").filtered()).isTrue();
        refused(() -> groups.delete("web"), ErrorCode.INVALID_STATE, "attached to a/eth0, b/eth0");
        groups.detach("b", "web", "eth0");
        groups.removeRule("web", "icmp");
        assertThat(port("a").rules()).extracting(SecurityRule::toString)
                .containsExactly("tcp:22,80/0.0.0.0/0", "udp:5000-5010/10.0.0.0/8");
        refused(() -> groups.attach("a", "web", "eth3"), ErrorCode.NOT_FOUND, "NIC eth3");
    }

    @Test
    void metadataAnswersOnlyForAKnownAddressWithThatInstancesOwnData() {
        defaultNetwork();
        core.succeed(core.instances.launch(new LaunchRequest("web", "debian/12", null, null, null,
                List.of("ssh-ed25519 AAAAC3Nza me@laptop"), "#cloud-config\nruncmd: [true]\n", null, null, null, null,
                null, "metadata")));

        InstanceMetadata md = core.instances.metadata("10.73.0.2").orElseThrow();
        assertThat(md.hostname()).isEqualTo("web");
        assertThat(md.instanceId()).isEqualTo(core.instances.get("web").uuid().toString());
        assertThat(md.publicKeys()).contains("ssh-ed25519 AAAAC3Nza me@laptop", FakeCore.DAEMON_KEY.publicKey());
        assertThat(md.userData()).contains("runcmd");
        assertThat(md.nics()).singleElement().satisfies(n -> assertThat(n.gateway()).isEqualTo("10.73.0.1"));
        assertThat(core.instances.metadata("10.73.0.3")).isEmpty();
        // no seed disk: cloud-init reads the metadata service
        assertThat(core.seeds.seedAt(core.instances.paths("web").seedIso())).isNull();
    }

    private NetworkState.Port port(String instance) {
        return core.network.carried.get("vireo0").ports().stream().filter(p -> p.hostname().equals(instance))
                .findFirst().orElseThrow();
    }
}
