package dev.vireo.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceSpec;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkType;
import dev.vireo.core.network.Nic;
import dev.vireo.core.network.PortForward;
import dev.vireo.core.network.SecurityGroup;
import dev.vireo.core.network.SecurityRule;
import dev.vireo.core.network.Subnet;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.Volume;
import dev.vireo.core.volume.VolumeSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every StateStore backend must do; subclasses open a fresh, empty store. */
abstract class StateStoreContract {
    @TempDir
    Path dir;

    /** A new empty store; {@code reopen} opens the same database again (false on the first call). */
    abstract JdbcStateStore open(boolean reopen);

    static Instance instance(String name, String mac) {
        InstanceSpec spec = new InstanceSpec(2, 1L << 30, 5L << 30, Accelerator.AUTO,
                List.of("ssh-ed25519 AAAA user@host", "ssh-rsa BBBB"), "#cloud-config\nruncmd: [true]\n", mac);
        return new Instance(name, UUID.randomUUID(), "vm", "debian/12", "abc", spec, InstanceStatus.STOPPED, null,
                null, null, null, Instant.parse("2026-11-21T10:00:00Z"),
                new GuestProfile(Path.of("/images/x/vmlinuz"), null, "root=/dev/vda", "READY", true, "debian"),
                "root.qcow2", null);
    }

    @Test
    void instancesRoundTripAndUpdate() {
        try (JdbcStateStore store = open(false)) {
            Instance a = instance("web1", "52:54:00:00:00:01");
            store.insertInstance(a);
            assertThat(store.findInstance("web1")).contains(a);
            Instance running = a.withRuntime(1234L, 40022, Accelerator.TCG).withStatus(InstanceStatus.RUNNING, null);
            store.updateInstance(running);
            assertThat(store.findInstance("web1")).contains(running);
            assertThat(store.listInstances()).containsExactly(running);
            assertThat(store.deleteInstance("web1")).isTrue();
            assertThat(store.findInstance("web1")).isEmpty();
        }
    }

    @Test
    void duplicateNameIsAlreadyExists() {
        try (JdbcStateStore store = open(false)) {
            store.insertInstance(instance("web1", "52:54:00:00:00:01"));
            assertThatThrownBy(() -> store.insertInstance(instance("web1", "52:54:00:00:00:02")))
                    .isInstanceOf(VireoException.class)
                    .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                    .hasMessage("instance web1 already exists");
        }
    }

    @Test
    void imagesRoundTripAndSurviveReopen() {
        Image image = new Image("debian/12", "f".repeat(64), "qcow2", dir.resolve("disk.qcow2"),
                dir.resolve("vmlinuz"), dir.resolve("initrd.img"), "root=/dev/vda", 100, 2L << 30, "recipe debian/12",
                "Cloud-init v\\. \\S+ finished at", true, Instant.parse("2026-11-21T10:00:00Z"));
        try (JdbcStateStore store = open(false)) {
            store.insertImage(image);
        }
        try (JdbcStateStore store = open(true)) {
            assertThat(store.findImage("debian/12")).contains(image);
            assertThat(store.listImages()).containsExactly(image);
            assertThat(store.deleteImage("debian/12")).isTrue();
            assertThat(store.listImages()).isEmpty();
        }
    }

    @Test
    void snapshotsRecordWithTheNewTopLayerAndGoWithTheInstance() {
        try (JdbcStateStore store = open(false)) {
            Instance web = instance("web1", "52:54:00:00:00:01");
            store.insertInstance(web);
            Snapshot s1 = new Snapshot("web1", "s1", "root.qcow2", null, null, false,
                    Instant.parse("2026-11-21T10:00:00Z"));
            store.recordSnapshot(s1, web.withRootDisk("layer-1.qcow2"));
            Snapshot s2 = new Snapshot("web1", "s2", "layer-1.qcow2", "s2.vmstate", "cpus=2", true,
                    Instant.parse("2026-11-21T10:01:00Z"));
            store.recordSnapshot(s2, web.withRootDisk("layer-2.qcow2"));
            assertThat(store.findInstance("web1").orElseThrow().rootDisk()).isEqualTo("layer-2.qcow2");
            assertThat(store.listSnapshots("web1")).containsExactly(s1, s2);
            assertThat(store.findSnapshot("web1", "s2")).contains(s2);

            assertThatThrownBy(() -> store.recordSnapshot(s1, web.withRootDisk("layer-3.qcow2")))
                    .isInstanceOf(VireoException.class).hasMessage("snapshot s1 of web1 already exists");
            assertThat(store.findInstance("web1").orElseThrow().rootDisk()).isEqualTo("layer-2.qcow2");

            assertThat(store.deleteSnapshot("web1", "s1")).isTrue();
            assertThat(store.listSnapshots("web1")).containsExactly(s2);
            store.deleteInstance("web1");
            assertThat(store.listSnapshots("web1")).isEmpty();
        }
    }

    @Test
    void linkedCloneOriginRoundTrips() {
        try (JdbcStateStore store = open(false)) {
            Instance base = instance("web2", "52:54:00:00:00:02");
            Instance clone = new Instance(base.name(), base.uuid(), base.type(), base.image(), null, base.spec(),
                    base.status(), null, null, null, null, base.createdAt(), base.profile(), "root.qcow2",
                    new Instance.Origin("web1", "s1"));
            store.insertInstance(clone);
            assertThat(store.findInstance("web2")).contains(clone);
        }
    }

    @Test
    void poolsVolumesAndTheirSnapshotsRoundTrip() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        try (JdbcStateStore store = open(false)) {
            Pool pool = new Pool("default", "dir", "/var/lib/vireo/pools/default", t);
            store.insertPool(pool);
            assertThat(store.findPool("default")).contains(pool);
            assertThatThrownBy(() -> store.insertPool(pool)).isInstanceOf(VireoException.class)
                    .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
            Volume data = new Volume("data", "default", 1L << 30, null, null, null, t);
            store.insertVolume(data);
            Volume attached = data.attachedTo("web1", 0, "/data").withSize(2L << 30);
            store.updateVolume(attached);
            assertThat(store.findVolume("data")).contains(attached);
            store.insertVolumeSnapshot(new VolumeSnapshot("data", "s1", t));
            store.insertVolumeSnapshot(new VolumeSnapshot("data", "s0", t.minusSeconds(5)));
            assertThat(store.listVolumeSnapshots("data")).extracting(VolumeSnapshot::name).containsExactly("s0", "s1");
            assertThat(store.deleteVolumeSnapshot("data", "s0")).isTrue();
            assertThat(store.deleteVolume("data")).isTrue();
            assertThat(store.listVolumes()).isEmpty();
            assertThat(store.listVolumeSnapshots("data")).isEmpty();
            assertThat(store.deletePool("default")).isTrue();
            assertThat(store.listPools()).isEmpty();
        }
    }

    @Test
    void twoVolumesCannotShareAnInstanceSlot() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        try (JdbcStateStore store = open(false)) {
            store.insertPool(new Pool("default", "dir", "/p", t));
            store.insertVolume(new Volume("a", "default", 1L << 20, "web1", 3, null, t));
            Volume b = new Volume("b", "default", 1L << 20, null, null, null, t);
            store.insertVolume(b);
            assertThatThrownBy(() -> store.updateVolume(b.attachedTo("web1", 3, null)))
                    .isInstanceOf(VireoException.class)
                    .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
            store.updateVolume(b.attachedTo("web1", 4, null));
            assertThat(store.findVolume("b").orElseThrow().slot()).isEqualTo(4);
        }
    }

    @Test
    void networksNicsForwardsAndSecurityGroupsRoundTripAndSurviveReopen() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        Network lan = new Network("vireo0", NetworkType.BRIDGE, Subnet.parse("10.73.0.0/24"), true, "vireo", 1500,
                null, List.of(), null, t);
        Network ov = new Network("ov", NetworkType.VXLAN, Subnet.parse("10.200.0.0/24"), false, "ov.test", 1450, 42,
                List.of("10.99.0.2", "10.99.0.3"), "10.99.0.1", t);
        Nic a0 = new Nic("a", 0, "vireo0", "52:54:00:00:00:01", "10.73.0.2", "vn00000000010", List.of("web", "ssh"));
        Nic a1 = new Nic("a", 1, "ov", "52:54:00:00:00:02", "10.200.0.11", "vn00000000011", List.of());
        SecurityGroup web = new SecurityGroup("web", List.of(SecurityRule.parse("tcp:22,80/0.0.0.0/0"),
                SecurityRule.parse("icmp")), t);
        PortForward f = new PortForward("vireo0", "127.0.0.1", 8080, "tcp", "a", 80);
        try (JdbcStateStore store = open(false)) {
            store.insertNetwork(lan);
            store.insertNetwork(ov);
            store.insertNics(List.of(a0, a1));
            store.insertSecurityGroup(web);
            store.insertForward(f);
        }
        try (JdbcStateStore store = open(true)) {
            assertThat(store.listNetworks()).containsExactly(ov, lan);
            assertThat(store.listNics()).containsExactly(a0, a1);
            assertThat(store.findSecurityGroup("web")).contains(web);
            assertThat(store.listForwards()).containsExactly(f);

            store.updateNic(a0.withSecurityGroups(List.of()));
            assertThat(store.listNics().getFirst().securityGroups()).isEmpty();
            store.updateSecurityGroup(web.withRules(List.of()));
            assertThat(store.findSecurityGroup("web").orElseThrow().rules()).isEmpty();
            store.deleteNics("a");
            assertThat(store.listNics()).isEmpty();
            assertThat(store.listForwards()).isEmpty();
            assertThat(store.deleteSecurityGroup("web")).isTrue();
            assertThat(store.deleteNetwork("ov")).isTrue();
        }
    }

    @Test
    void takenSubnetsVnisAddressesAndMacsAreAlreadyExistsAndStoreNothing() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        try (JdbcStateStore store = open(false)) {
            store.insertNetwork(new Network("n1", NetworkType.VXLAN, Subnet.parse("10.1.0.0/24"), true, "vireo", 1500,
                    7, List.of(), null, t));
            assertAlreadyExists(() -> store.insertNetwork(new Network("n2", NetworkType.BRIDGE,
                    Subnet.parse("10.1.0.0/24"), true, "vireo", 1500, null, List.of(), null, t)));
            assertAlreadyExists(() -> store.insertNetwork(new Network("n2", NetworkType.VXLAN,
                    Subnet.parse("10.2.0.0/24"), true, "vireo", 1500, 7, List.of(), null, t)));
            store.insertNics(List.of(new Nic("a", 0, "n1", "52:54:00:00:00:01", "10.1.0.2", "vnaaaaaaaaaa0", List.of())));
            assertAlreadyExists(() -> store.insertNics(List.of(
                    new Nic("b", 0, "n1", "52:54:00:00:00:02", "10.1.0.3", "vnbbbbbbbbbb0", List.of()),
                    new Nic("b", 1, "n1", "52:54:00:00:00:03", "10.1.0.2", "vnbbbbbbbbbb1", List.of()))));
            assertAlreadyExists(() -> store.insertNics(List.of(
                    new Nic("c", 0, "n1", "52:54:00:00:00:01", "10.1.0.9", "vncccccccccc0", List.of()))));
            assertThat(store.listNics()).extracting(Nic::instance).containsExactly("a");
            store.insertForward(new PortForward("n1", "127.0.0.1", 80, "tcp", "a", 80));
            assertAlreadyExists(() -> store.insertForward(new PortForward("n1", "127.0.0.1", 80, "tcp", "a", 81)));
            store.insertForward(new PortForward("n1", "127.0.0.1", 80, "udp", "a", 80));
        }
    }

    private static void assertAlreadyExists(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(VireoException.class)
                .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }
}
