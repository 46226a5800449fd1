package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.ExportRequest;
import dev.vireo.api.InstanceImportRequest;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.fakes.FakeHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceServiceTest {
    private static final String FAKE_MAC = "52:54:00:12:34:56";
    private static final String USB_WARNING = "item 'usb' (ResourceType 23) not supported; skipped";

    @TempDir
    Path dir;

    private FakeCore core;
    private ApplianceService appliances;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        core = new FakeCore(dir.resolve("state"));
        appliances = core.instances.appliances();
        out = Files.createDirectories(dir.resolve("out"));
    }

    private Instance created(String name) {
        core.succeed(core.instances.launch(new LaunchRequest(name, "debian/12", null, null, null, List.of(), null,
                null, false, null)));
        return core.instances.get(name);
    }

    private Path appliance(String file) throws IOException {
        return Files.writeString(out.resolve(file), "an appliance");
    }

    private OperationView importAs(Path source, String name) {
        return core.succeed(appliances.importAppliance(new InstanceImportRequest(source.toString(), name)));
    }

    private InstancePaths paths(String name) {
        return new InstancePaths(core.instancesDir.resolve(name));
    }

    private List<String> instanceDirEntries() throws IOException {
        try (Stream<Path> files = Files.list(core.instancesDir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertCode(Throwable t, ErrorCode code) {
        assertThat(t).isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- export

    @Test
    void exportWritesTheTargetFromTheStoppedInstancesTopLayer() throws IOException {
        created("web1");
        Path target = out.resolve("web1.ova");

        OperationView op = appliances.export("web1", new ExportRequest(target.toString()));
        assertThat(op.resources()).containsEntry("instance", "web1");
        core.succeed(op);

        assertThat(Files.readString(target)).isEqualTo("ova of web1 disk root.qcow2\n");
        assertThat(core.driver.calls()).filteredOn(c -> c.method().startsWith("snapshot")).isEmpty();
    }

    @Test
    void exportOfARunningInstanceReadsATemporarySnapshot() throws IOException {
        core.running("web1");
        Path target = out.resolve("web1.ova");

        core.succeed(appliances.export("web1", new ExportRequest(target.toString())));

        assertThat(Files.readString(target)).isEqualTo("ova of web1 disk root.qcow2\n");
        assertThat(core.driver.calls("snapshotDisk")).hasSize(1);
        assertThat(core.state.listSnapshots("web1")).isEmpty();
        assertThat(core.instances.get("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void exportRefusesARelativePath() {
        created("web1");

        assertThatThrownBy(() -> appliances.export("web1", new ExportRequest("web1.ova")))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("export target path 'web1.ova' must be absolute (the daemon resolves it)");
    }

    @Test
    void exportRefusesATargetNotEndingInOva() {
        created("web1");
        Path target = out.resolve("web1.tar");

        assertThatThrownBy(() -> appliances.export("web1", new ExportRequest(target.toString())))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("export target " + target + " must end in .ova");
        assertThat(target).doesNotExist();
    }

    @Test
    void exportNeverReplacesAFile() throws IOException {
        created("web1");
        Path target = Files.writeString(out.resolve("web1.ova"), "precious");

        assertThatThrownBy(() -> appliances.export("web1", new ExportRequest(target.toString())))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS))
                .hasMessage(target + " already exists");
        assertThat(Files.readString(target)).isEqualTo("precious");
    }

    @Test
    void exportNeedsAnExistingDirectory() {
        created("web1");
        Path target = out.resolve("missing/web1.ova");

        assertThatThrownBy(() -> appliances.export("web1", new ExportRequest(target.toString())))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("directory " + out.resolve("missing") + " does not exist");
    }

    @Test
    void exportNeedsAPathAndAKnownInstance() {
        created("web1");
        int operationsBefore = core.operations.list().size();

        assertThatThrownBy(() -> appliances.export("web1", new ExportRequest(" ")))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT)).hasMessage("no export target path given");
        assertThatThrownBy(() -> appliances.export("web1", null))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> appliances.export("ghost", new ExportRequest(out.resolve("g.ova").toString())))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND));
        assertThat(core.operations.list()).hasSize(operationsBefore);
    }

    // ---- import

    @Test
    void importMakesAStoppedInstanceWithTheAppliancesHardware() throws IOException {
        Path source = appliance("app.ova");

        OperationView op = appliances.importAppliance(new InstanceImportRequest(source.toString(), "app1"));
        assertThat(op.resources()).containsEntry("instance", "app1");
        OperationView done = core.succeed(op);

        Instance app1 = core.instances.get("app1");
        assertThat(app1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(app1.statusReason()).isNull();
        assertThat(app1.spec().cpus()).isEqualTo(2);
        assertThat(app1.spec().memoryBytes()).isEqualTo(512L << 20);
        assertThat(app1.spec().macAddress()).isEqualTo(FAKE_MAC);
        assertThat(app1.image()).isEqualTo("app.ova");
        assertThat(app1.imageFingerprint()).isNull();
        assertThat(app1.origin()).isNull();
        assertThat(app1.profile().cloudInit()).isTrue();
        assertThat(app1.profile().kernel()).isNull();
        Path root = paths("app1").file(InstancePaths.FIRST_LAYER);
        assertThat(Files.readString(root)).isEqualTo("disk from app.ova");
        assertThat(app1.spec().diskBytes()).isEqualTo(Files.size(root));
        assertThat(core.seeds.seedAt(paths("app1").seedIso()).hostname()).isEqualTo("app1");
        assertThat(done.warnings()).containsExactly(USB_WARNING);
        assertThat(instanceDirEntries()).containsExactly("app1");
        assertThat(source).isRegularFile();
    }

    @Test
    void anImportedInstanceStarts() throws IOException {
        importAs(appliance("app.ova"), "app1");

        core.succeed(core.instances.act("app1", new InstanceAction.Start()));

        assertThat(core.driver.starts().getLast().rootDisk()).isEqualTo(paths("app1").file("root.qcow2"));
        assertThat(core.instances.get("app1").status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aSecondImportOfTheSameApplianceGetsANewMac() throws IOException {
        Path source = appliance("app.ova");
        importAs(source, "app1");

        OperationView second = importAs(source, "app2");

        assertThat(core.instances.get("app2").spec().macAddress()).isNotEqualTo(FAKE_MAC).startsWith("52:54:00:");
        assertThat(second.warnings()).containsExactly(USB_WARNING,
                "MAC " + FAKE_MAC + " is used by another instance; a new one was chosen");
    }

    @Test
    void importGivesNoMoreCpusThanTheHostHas() throws IOException {
        core = new FakeCore(dir.resolve("small"), FakeHosts.tcg(1, 8 * FakeHosts.GIB), FakeCore.SETTINGS);
        appliances = core.instances.appliances();

        OperationView done = importAs(appliance("app.ova"), "app1");

        assertThat(core.instances.get("app1").spec().cpus()).isEqualTo(1);
        assertThat(done.warnings()).contains("2 cpus asked for; this host has 1, the instance gets 1");
    }

    @Test
    void aFailedImportLeavesNoRowNoDirectoryAndNoWorkDirectory() throws IOException {
        core = new FakeCore(dir.resolve("small"), FakeHosts.tcg(4, 256L << 20), FakeCore.SETTINGS);
        appliances = core.instances.appliances();

        OperationView op = core.finish(appliances.importAppliance(
                new InstanceImportRequest(appliance("app.ova").toString(), "app1")));

        assertThat(op.status()).isEqualTo("failure");
        assertThat(op.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_RESOURCES);
        assertThat(op.error().message()).isEqualTo("the appliance needs 512MiB of memory; this host has 256MiB");
        assertThat(core.state.findInstance("app1")).isEmpty();
        assertThat(instanceDirEntries()).isEmpty();
    }

    @Test
    void importRefusesBadRequestsBeforeAnyWork() throws IOException {
        Path source = appliance("app.ova");
        Path disk = appliance("app.img");
        created("web1");
        int operationsBefore = core.operations.list().size();

        assertThatThrownBy(() -> appliances.importAppliance(new InstanceImportRequest("app.ova", "app1")))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("appliance path 'app.ova' must be absolute (the daemon resolves it)");
        assertThatThrownBy(() -> appliances.importAppliance(new InstanceImportRequest(disk.toString(), "app1")))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage(disk + " is not an .ova or .ovf file");
        assertThatThrownBy(() -> appliances.importAppliance(
                new InstanceImportRequest(out.resolve("none.ovf").toString(), "app1")))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND))
                .hasMessage("appliance " + out.resolve("none.ovf") + " not found");
        assertThatThrownBy(() -> appliances.importAppliance(new InstanceImportRequest(source.toString(), "App 1")))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> appliances.importAppliance(new InstanceImportRequest(source.toString(), "web1")))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> appliances.importAppliance(null))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT));

        assertThat(core.operations.list()).hasSize(operationsBefore);
        assertThat(core.instances.list()).extracting(Instance::name).containsExactly("web1");
    }
}
