package dev.vireo.storage.ova;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.core.appliance.ApplianceExport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OvfWriterTest {
    private static final ApplianceExport WEB = new ApplianceExport("web", "Front end <nginx> & \"friends\"", 2, 1536L << 20,
            "52:54:00:12:34:56", Path.of("/var/lib/vireo/instances/web/root.qcow2"), 2L << 30,
            Path.of("/k"), Path.of("/i"), "console=ttyS0 root=/dev/vda rw");
    private static final OvfWriter.DiskFile DISK = new OvfWriter.DiskFile(
            new OvfWriter.PackageFile("web-disk1.vmdk", 123_456_789L), 2L << 30, 987_654_321L);

    @TempDir
    Path tmp;

    @Test
    void rendersTheGoldenDescriptor() {
        String ovf = OvfWriter.write(WEB, DISK, new OvfWriter.PackageFile("vmlinuz", 8_000_000),
                new OvfWriter.PackageFile("initrd.img", 30_000_000));

        assertThat(ovf).isEqualTo(TestPackages.resource("golden-export.ovf"));
    }

    @Test
    void firmwareBootHasNoVireoSectionAndNoExtraFiles() {
        ApplianceExport plain = new ApplianceExport("db", null, 1, 512L << 20, "52:54:00:00:00:01", Path.of("/d"),
                1L << 30, null, null, null);

        String ovf = OvfWriter.write(plain, DISK, null, null);

        assertThat(ovf).doesNotContain("vireo:BootSection", "AnnotationSection", "ovf:id=\"kernel\"")
                .contains("<rasd:ElementName>1 virtual CPU</rasd:ElementName>", "<rasd:VirtualQuantity>512</rasd:VirtualQuantity>");
    }

    @Test
    void whatItWritesReadsBack() throws Exception {
        Path file = Files.writeString(tmp.resolve("web.ovf"), OvfWriter.write(WEB, DISK,
                new OvfWriter.PackageFile("vmlinuz", 1), new OvfWriter.PackageFile("initrd.img", 1)));

        OvfDescriptor d = OvfReader.read(file, "web.ovf");
        HardwareMapper.Hardware hw = HardwareMapper.map(d, "web");

        assertThat(d.warnings()).isEmpty();
        assertThat(d.files()).containsEntry("file1", "web-disk1.vmdk").containsEntry("kernel", "vmlinuz")
                .containsEntry("initrd", "initrd.img");
        assertThat(d.boot()).isEqualTo(new OvfDescriptor.Boot("kernel", "initrd", "console=ttyS0 root=/dev/vda rw"));
        assertThat(hw).isEqualTo(new HardwareMapper.Hardware("web", 2, 1536L << 20,
                java.util.List.of(new HardwareMapper.DiskSource("disk1", "web-disk1.vmdk", 2L << 30)),
                java.util.List.of("52:54:00:12:34:56"), java.util.List.of()));
    }
}
