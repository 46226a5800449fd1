package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.CloneRequest;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.util.Files2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayersTest {
    @TempDir
    Path dir;

    private FakeCore core;
    private Layers layers;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        layers = new Layers(core.state, core.pool, core.driver, name -> new InstancePaths(core.instancesDir.resolve(name)));
    }

    /** web1, stopped, its disk the image's overlay root.qcow2. */
    private Instance web1() {
        core.succeed(core.instances.launch(new LaunchRequest("web1", "debian/12", null, null, null, List.of(), null,
                null, false, null)));
        return core.instances.get("web1");
    }

    private Path layer(String file) {
        return core.instancesDir.resolve("web1").resolve(file).toAbsolutePath().normalize();
    }

    private void overlay(String base, String file) {
        core.pool.createOverlay(layer(base), layer(file));
    }

    private Instance top(Instance instance, String file) {
        Instance updated = instance.withRootDisk(file);
        core.state.updateInstance(updated);
        return updated;
    }

    private void snapshot(String name, String disk) {
        core.state.insertSnapshot(new Snapshot("web1", name, disk, null, null, false, Instant.now()));
    }

    private Path imageDisk() {
        return core.images.get("debian/12").disk().toAbsolutePath().normalize();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(core.instancesDir.resolve("web1"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".qcow2")).sorted().toList();
        }
    }

    @Test
    void newLayerNamesAreFreshQcow2Files() {
        String a = Layers.newLayerName();

        assertThat(a).matches("layer-[0-9a-f]{8}\\.qcow2");
        assertThat(Layers.newLayerName()).isNotEqualTo(a);
    }

    @Test
    void theTopLayerAndSnapshotLayersAreKept() throws IOException {
        Instance web1 = web1();
        snapshot("s1", "root.qcow2");
        overlay("root.qcow2", "layer-1.qcow2");
        web1 = top(web1, "layer-1.qcow2");

        assertThat(layers.compact(web1)).isEqualTo(web1);

        assertThat(files()).containsExactly("layer-1.qcow2", "root.qcow2");
        assertThat(core.pool.rebases()).isEmpty();
    }

    @Test
    void aLayerNothingNeedsIsRemoved() throws IOException {
        Instance web1 = web1();
        overlay("root.qcow2", "layer-1.qcow2");

        layers.compact(web1);

        assertThat(files()).containsExactly("root.qcow2");
        assertThat(core.pool.rebases()).isEmpty();
    }

    @Test
    void anUnneededLayerUnderTheTopIsMergedIntoItWhenStopped() throws IOException {
        Instance web1 = web1();
        overlay("root.qcow2", "layer-1.qcow2");
        web1 = top(web1, "layer-1.qcow2");

        layers.compact(web1);

        assertThat(core.pool.rebases()).containsExactly("layer-1.qcow2 onto disk.qcow2");
        assertThat(core.pool.backingOf(layer("layer-1.qcow2"))).isEqualTo(imageDisk());
        assertThat(files()).containsExactly("layer-1.qcow2");
    }

    @Test
    void anInstanceInErrorCountsAsStopped() throws IOException {
        Instance web1 = web1();
        overlay("root.qcow2", "layer-1.qcow2");
        web1 = top(web1, "layer-1.qcow2");

        layers.compact(web1.withStatus(InstanceStatus.ERROR, "qemu crashed"));

        assertThat(files()).containsExactly("layer-1.qcow2");
    }

    @Test
    void aChainOfUnneededLayersIsMergedDownToTheNextKeptOne() throws IOException {
        Instance web1 = web1();
        snapshot("s1", "root.qcow2");
        overlay("root.qcow2", "layer-1.qcow2");
        overlay("layer-1.qcow2", "layer-2.qcow2");
        overlay("layer-2.qcow2", "layer-3.qcow2");
        web1 = top(web1, "layer-3.qcow2");

        layers.compact(web1);

        assertThat(files()).containsExactly("layer-3.qcow2", "root.qcow2");
        assertThat(core.pool.backingOf(layer("layer-3.qcow2"))).isEqualTo(layer("root.qcow2"));
        assertThat(core.pool.rebases()).hasSize(2);
    }

    @Test
    void aLayerWithTwoChildrenIsMergedIntoBoth() throws IOException {
        Instance web1 = web1();
        overlay("root.qcow2", "layer-1.qcow2");
        overlay("root.qcow2", "layer-2.qcow2");
        snapshot("s2", "layer-1.qcow2");
        web1 = top(web1, "layer-2.qcow2");

        layers.compact(web1);

        assertThat(core.pool.rebases()).containsExactlyInAnyOrder("layer-1.qcow2 onto disk.qcow2",
                "layer-2.qcow2 onto disk.qcow2");
        assertThat(files()).containsExactly("layer-1.qcow2", "layer-2.qcow2");
    }

    @Test
    void whileTheGuestRunsQemuMergesTheLayerIntoItsChild() throws IOException {
        Instance web1 = web1();
        core.driver.adopt("web1", InstanceStatus.RUNNING);
        overlay("root.qcow2", "layer-1.qcow2");
        overlay("layer-1.qcow2", "layer-2.qcow2");
        overlay("layer-1.qcow2", "layer-orphan.qcow2");
        web1 = top(web1, "layer-2.qcow2");

        layers.compact(web1.withStatus(InstanceStatus.RUNNING, null));

        assertThat(core.pool.rebases()).as("no qemu-img on a disk QEMU has open").isEmpty();
        assertThat(core.driver.calls("streamInto")).hasSize(2);
        assertThat(files()).containsExactly("layer-2.qcow2");
        assertThat(core.pool.backingOf(layer("layer-2.qcow2"))).isEqualTo(imageDisk());
    }

    @Test
    void aFailedMergeWhileRunningKeepsTheLayerForTheNextTry() throws IOException {
        Instance web1 = web1();
        overlay("root.qcow2", "layer-1.qcow2");
        web1 = top(web1, "layer-1.qcow2");

        layers.compact(web1.withStatus(InstanceStatus.RUNNING, null)); // the fake guest is not up: the job fails

        assertThat(files()).contains("root.qcow2", "layer-1.qcow2");
        layers.compact(web1);
        assertThat(files()).containsExactly("layer-1.qcow2");
    }

    @Test
    void aSnapshotLayerALinkedCloneReadsIsNeverRewritten() throws IOException {
        Instance web1 = web1();
        core.succeed(core.instances.snapshots().create("web1", new dev.vireo.api.SnapshotRequest("s1", null)));
        core.succeed(core.instances.snapshots().create("web1", new dev.vireo.api.SnapshotRequest("s2", null)));
        core.succeed(core.instances.clones().clone("web1", new CloneRequest("c1", "linked", "s2")));
        String s2Layer = core.state.findSnapshot("web1", "s2").orElseThrow().disk();
        core.state.deleteSnapshot("web1", "s1");
        web1 = core.instances.get("web1");
        List<String> before = files();

        layers.compact(web1);

        assertThat(core.pool.rebases()).isEmpty();
        assertThat(files()).isEqualTo(before).contains("root.qcow2");
        assertThat(core.pool.backingOf(layer(s2Layer))).isEqualTo(layer("root.qcow2"));

        core.succeed(core.instances.delete("c1", false));
        layers.compact(web1);

        assertThat(core.pool.rebases()).containsExactly(s2Layer + " onto disk.qcow2");
        assertThat(files()).doesNotContain("root.qcow2");
    }

    @Test
    void hiddenAndOtherFilesAreLeftAlone() throws IOException {
        Instance web1 = web1();
        Path publishing = Files.writeString(layer(".publish-1234.qcow2"), "being published");
        Path kernel = Files.writeString(layer("vmlinuz"), "kernel");
        Path notes = Files.writeString(layer("notes.txt"), "notes");

        layers.compact(web1);

        assertThat(publishing).isRegularFile();
        assertThat(kernel).isRegularFile();
        assertThat(notes).isRegularFile();
        assertThat(layer("root.qcow2")).isRegularFile();
    }

    @Test
    void aFailedMergeIsNotAnErrorAndIsDoneByALaterCompaction() throws IOException {
        Instance web1 = web1();
        overlay("root.qcow2", "layer-1.qcow2");
        web1 = top(web1, "layer-1.qcow2");
        core.pool.failWith(new VireoException(ErrorCode.INTERNAL, "qemu-img rebase: disk full"));

        assertThat(layers.compact(web1)).isEqualTo(web1);

        assertThat(files()).containsExactly("layer-1.qcow2", "root.qcow2");
        assertThat(core.pool.backingOf(layer("layer-1.qcow2"))).isEqualTo(layer("root.qcow2"));

        core.pool.failWith(null);
        layers.compact(web1);

        assertThat(files()).containsExactly("layer-1.qcow2");
    }

    @Test
    void anInstanceWithoutFilesHasNothingToCompact() {
        Instance web1 = web1();
        Files2.deleteTree(core.instancesDir.resolve("web1"));

        assertThat(layers.compact(web1)).isEqualTo(web1);
        assertThat(core.pool.rebases()).isEmpty();
    }
}
