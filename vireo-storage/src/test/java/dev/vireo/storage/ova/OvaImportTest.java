package dev.vireo.storage.ova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.appliance.ApplianceImport;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.archive.RawTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports of packages made elsewhere (VMware, VirtualBox, hand-made), and of hostile ones. */
class OvaImportTest {
    private static final String VMWARE_DISK = "web-01-disk1.vmdk";
    private static final String VBOX_DISK = "Ubuntu 22.04-disk001.vmdk";

    @TempDir
    static Path shared;

    private static Path qcow2;
    private static Path streamVmdk;

    @TempDir
    Path tmp;

    private final OvaFormat ova = new OvaFormat();
    private int imports;

    @BeforeAll
    static void disks() throws Exception {
        qcow2 = TestPackages.qcow2WithData(shared.resolve("source.qcow2"), 64L << 20, 5L << 20);
        streamVmdk = TestPackages.convert(qcow2, shared.resolve("stream.vmdk"), "vmdk", "subformat=streamOptimized");
    }

    /** The work dir of the latest import; each import gets a fresh one, as the daemon gives it. */
    private Path work() {
        return tmp.resolve("work" + imports);
    }

    private ApplianceImport open(Path source) {
        imports++;
        return ova.open(source, work(), Progress.NONE);
    }

    private void refused(Path source, ErrorCode code, String message) throws Exception {
        assertThatThrownBy(() -> open(source))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessage(message);
    }

    private List<String> packageEntries() throws Exception {
        Path dir = work().resolve("package");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A valid single-disk package in the shape Vireo writes, for tests that then break one thing. */
    private static TestPackages minimal(String disk, byte[] diskBytes) {
        String ovf = """
                <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/2" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/2"
                    xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
                  <References><File ovf:id="f1" ovf:href="%s"/></References>
                  <DiskSection><Info>d</Info><Disk ovf:diskId="d1" ovf:fileRef="f1" ovf:capacity="67108864"/></DiskSection>
                  <VirtualSystem ovf:id="m"><Info>vm</Info>
                    <VirtualHardwareSection><Info>hw</Info>
                      <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
                      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
                      <Item><rasd:HostResource>ovf:/disk/d1</rasd:HostResource><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>
                    </VirtualHardwareSection>
                  </VirtualSystem>
                </Envelope>
                """.formatted(disk);
        return new TestPackages().add("x.ovf", ovf).add(disk, diskBytes);
    }

    private static byte[] streamVmdkBytes() throws Exception {
        return Files.readAllBytes(streamVmdk);
    }

    @Test
    void mapsAVmwareExport() throws Exception {
        Path source = new TestPackages().add("web-01.ovf", TestPackages.resource("vmware-export.ovf"))
                .add(VMWARE_DISK, streamVmdk).add("web-01-file1.iso", new byte[2048])
                .manifest("web-01.mf", "SHA256").writeOva(tmp.resolve("web-01.ova"));

        ApplianceImport vm = open(source);

        assertThat(vm.name()).isEqualTo("web-01");
        assertThat(vm.cpus()).isEqualTo(2);
        assertThat(vm.memoryBytes()).isEqualTo(2048L << 20);
        assertThat(vm.macAddresses()).containsExactly("00:50:56:8a:12:34");
        assertThat(vm.disks()).containsExactly(work().resolve("disk0.qcow2"));
        TestPackages.assertSameContent(qcow2, vm.disks().getFirst());
        assertThat(vm.kernel()).isNull();
        assertThat(vm.warnings()).containsExactly(
                "section 'vmw:BootOrderSection' of web-01.ovf not understood; ignored",
                "item 'Video card' (ResourceType 24, graphics controller) not supported; skipped",
                "item 'VMCI device' (ResourceType 1, other: vmware.vmci) not supported; skipped",
                "item 'USB controller' (ResourceType 23, USB controller) not supported; skipped",
                "item 'Sound card' (ResourceType 1, other: vmware.soundcard.hdaudio) not supported; skipped",
                "item 'CD/DVD drive 1' (ResourceType 15, CD drive, file 'web-01-file1.iso') not supported; skipped",
                "item 'Floppy drive 1' (ResourceType 14, floppy drive) not supported; skipped");
    }

    @Test
    void mapsAVirtualBoxExportWithSha1Manifest() throws Exception {
        Path sparse = TestPackages.convert(qcow2, tmp.resolve("sparse.vmdk"), "vmdk", "subformat=monolithicSparse");
        Path source = new TestPackages().add("Ubuntu 22.04.ovf", TestPackages.resource("virtualbox-export.ovf"))
                .add(VBOX_DISK, sparse).manifest("Ubuntu 22.04.mf", "SHA1").writeOva(tmp.resolve("ubuntu.ova"));

        ApplianceImport vm = open(source);

        assertThat(vm.name()).isEqualTo("Ubuntu 22.04");
        assertThat(vm.cpus()).isEqualTo(4);
        assertThat(vm.memoryBytes()).isEqualTo(4096L << 20);
        assertThat(vm.macAddresses()).containsExactly((String) null);
        TestPackages.assertSameContent(qcow2, vm.disks().getFirst());
        assertThat(vm.warnings()).containsExactly(
                "item 'usb' (ResourceType 23, USB controller) not supported; skipped",
                "item 'sound' (ResourceType 35, sound card: ensoniq1371) not supported; skipped",
                "item 'cdrom1' (ResourceType 15, CD drive) not supported; skipped");
    }

    @Test
    void readsAnOvfBesideItsDisksAndConvertsVdi() throws Exception {
        Path vdi = TestPackages.convert(qcow2, tmp.resolve("m.vdi"), "vdi", null);
        Path dir = minimal("m.vdi", Files.readAllBytes(vdi)).add("x.cert", "-----BEGIN CERTIFICATE-----")
                .writeDir(tmp.resolve("appliance"));
        Files.writeString(dir.resolve("unrelated.txt"), "not part of it");

        ApplianceImport vm = open(dir.resolve("x.ovf"));

        assertThat(vm.name()).isEqualTo("m");
        assertThat(vm.memoryBytes()).isEqualTo(512L << 20);
        TestPackages.assertSameContent(qcow2, vm.disks().getFirst());
        assertThat(vm.warnings()).containsExactly("x.ovf is signed (x.cert); the signature is not checked",
                dir + " has no manifest; its files are not verified");
        assertThat(packageEntries()).containsExactlyInAnyOrder("x.ovf"); // the converted disk's copy is gone
        assertThat(dir.resolve("m.vdi")).exists();
    }

    @Test
    void followsALinkToTheOvfButNoLinkBesideIt() throws Exception {
        Path dir = minimal("a.vmdk", new byte[0]).writeDir(tmp.resolve("appliance"));
        Files.delete(dir.resolve("a.vmdk"));
        Files.createSymbolicLink(dir.resolve("a.vmdk"), streamVmdk);
        Path link = Files.createSymbolicLink(tmp.resolve("link.ovf"), dir.resolve("x.ovf"));

        refused(link, ErrorCode.INVALID_ARGUMENT,
                "'a.vmdk' beside x.ovf is not a regular file (a symbolic link is not followed); put the file itself there");
        Files.delete(dir.resolve("a.vmdk"));
        Files.copy(streamVmdk, dir.resolve("a.vmdk"));
        TestPackages.assertSameContent(qcow2, open(link).disks().getFirst());
    }

    @Test
    void refusesTarSlipInAnOva() throws Exception {
        byte[] ovf = minimal("a.vmdk", new byte[0]).member("x.ovf");
        refused(new RawTar().file("x.ovf", ovf).file("../../etc/cron.d/evil", "x").write(tmp.resolve("1.ova")),
                ErrorCode.INVALID_ARGUMENT, "tar entry '../../etc/cron.d/evil' in 1.ova escapes the archive");
        assertThat(packageEntries()).isEmpty();
        refused(new RawTar().file("x.ovf", ovf).file("/etc/passwd", "x").write(tmp.resolve("2.ova")),
                ErrorCode.INVALID_ARGUMENT, "tar entry '/etc/passwd' in 2.ova is an absolute path");
    }

    @Test
    void refusesLinksAndDevicesInAnOva() throws Exception {
        byte[] ovf = minimal("a.vmdk", new byte[0]).member("x.ovf");
        Path symlink = new RawTar().file("x.ovf", ovf).entry("a.vmdk", '2', "/etc/shadow", new byte[0])
                .write(tmp.resolve("s.ova"));
        Path hardlink = new RawTar().file("x.ovf", ovf).entry("a.vmdk", '1', "/etc/shadow", new byte[0])
                .write(tmp.resolve("h.ova"));
        Path device = new RawTar().file("x.ovf", ovf).entry("a.vmdk", '4', "", new byte[0]).write(tmp.resolve("d.ova"));

        refused(symlink, ErrorCode.INVALID_ARGUMENT,
                "tar entry 'a.vmdk' in s.ova is a symbolic link (to '/etc/shadow'); only regular files are allowed");
        assertThat(packageEntries()).isEmpty();
        refused(hardlink, ErrorCode.INVALID_ARGUMENT,
                "tar entry 'a.vmdk' in h.ova is a hard link (to '/etc/shadow'); only regular files are allowed");
        refused(device, ErrorCode.INVALID_ARGUMENT,
                "tar entry 'a.vmdk' in d.ova is a block device; only regular files are allowed");
    }

    @Test
    void refusesDigestMismatchesSha256AndSha1() throws Exception {
        TestPackages pkg = minimal("a.vmdk", streamVmdkBytes());
        String goodOvf = TestPackages.digest("SHA256", pkg.member("x.ovf"));
        String sha256 = "SHA256(x.ovf)= " + goodOvf + "\nSHA256(a.vmdk)= " + "0".repeat(64) + "\n";
        Path bad256 = minimal("a.vmdk", streamVmdkBytes()).add("x.mf", sha256).writeOva(tmp.resolve("a.ova"));
        Path bad1 = minimal("a.vmdk", streamVmdkBytes()).add("x.mf", "SHA1 (x.ovf) = " + "ab".repeat(20) + "\n")
                .writeOva(tmp.resolve("b.ova"));

        refused(bad256, ErrorCode.CHECKSUM_MISMATCH, "SHA256 of 'a.vmdk' in a.ova does not match x.mf (expected "
                + "0".repeat(64) + ", got " + TestPackages.digest("SHA256", streamVmdkBytes()) + ")");
        refused(bad1, ErrorCode.CHECKSUM_MISMATCH, "SHA1 of 'x.ovf' in b.ova does not match x.mf (expected "
                + "ab".repeat(20) + ", got " + TestPackages.digest("SHA1", pkg.member("x.ovf")) + ")");
    }

    @Test
    void refusesAManifestListingAMissingFile() throws Exception {
        Path source = minimal("a.vmdk", streamVmdkBytes()).manifest("x.mf", "SHA256")
                .add("notes.txt", "").writeOva(tmp.resolve("m.ova"));
        Path listsMore = minimal("a.vmdk", streamVmdkBytes())
                .add("x.mf", "SHA256(gone.iso)= " + "1".repeat(64) + "\n").writeOva(tmp.resolve("n.ova"));

        assertThat(open(source).warnings()).containsExactly("'notes.txt' in m.ova is not listed in x.mf; not verified");
        refused(listsMore, ErrorCode.INVALID_ARGUMENT, "x.mf lists 'gone.iso', which is not in n.ova");
    }

    @Test
    void refusesMalformedXmlAndDoctypes() throws Exception {
        Path broken = new TestPackages().add("x.ovf", "<Envelope>\n<References>\n</Envelope>").writeOva(tmp.resolve("b.ova"));
        Path xxe = new TestPackages().add("x.ovf", """
                <?xml version="1.0"?>
                <!DOCTYPE Envelope [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <Envelope>&e;</Envelope>
                """).writeOva(tmp.resolve("e.ova"));
        Path notOvf = new TestPackages().add("x.ovf", "<html/>").writeOva(tmp.resolve("h.ova"));

        assertThatThrownBy(() -> open(broken)).hasMessageStartingWith("x.ovf is not well-formed XML: ")
                .hasMessageContaining("References").hasMessageEndingWith("(line 3)");
        assertThatThrownBy(() -> open(xxe))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("x.ovf is not well-formed XML: ").hasMessageContaining("DOCTYPE")
                .hasMessageEndingWith("(line 2)");
        assertThatThrownBy(() -> open(notOvf))
                .hasMessage("x.ovf is not an OVF descriptor (its root element is {null}html)");
    }

    @Test
    void refusesMissingFilesAndPackagesWithoutOneDescriptor() throws Exception {
        Path noDisk = new TestPackages().add("x.ovf", minimal("a.vmdk", new byte[0]).member("x.ovf"))
                .writeOva(tmp.resolve("nodisk.ova"));
        Path twoOvfs = new TestPackages().add("a.ovf", "<a/>").add("b.ovf", "<b/>").writeOva(tmp.resolve("two.ova"));
        Path none = new TestPackages().add("a.vmdk", "x").writeOva(tmp.resolve("none.ova"));

        refused(noDisk, ErrorCode.INVALID_ARGUMENT, "x.ovf references disk file 'a.vmdk' which is not in the package");
        refused(twoOvfs, ErrorCode.INVALID_ARGUMENT, "two.ova contains 2 .ovf descriptors (a.ovf, b.ovf); expected one");
        refused(none, ErrorCode.INVALID_ARGUMENT, "none.ova contains no .ovf descriptor");
        refused(tmp.resolve("absent.ova"), ErrorCode.NOT_FOUND, "appliance " + tmp.resolve("absent.ova") + " not found");
        refused(Files.writeString(tmp.resolve("x.zip"), ""), ErrorCode.INVALID_ARGUMENT,
                "x.zip is neither an .ova nor an .ovf file");
    }

    @Test
    void refusesADiskQemuImgCannotRead() throws Exception {
        byte[] garbage = new byte[4096];
        System.arraycopy("KDMV".getBytes(), 0, garbage, 0, 4);
        garbage[4] = 1;
        garbage[8] = 9;
        Path source = minimal("a.vmdk", garbage).writeOva(tmp.resolve("g.ova"));

        assertThatThrownBy(() -> open(source))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("cannot read disk file 'a.vmdk' in g.ova: Could not open");
    }

    @Test
    void refusesDisksThatReferToOtherFiles() throws Exception {
        Path flat = TestPackages.convert(qcow2, tmp.resolve("f.vmdk"), "vmdk", "subformat=monolithicFlat");
        Path inPackage = minimal("f.vmdk", Files.readAllBytes(flat)).add("f-flat.vmdk", tmp.resolve("f-flat.vmdk"))
                .writeOva(tmp.resolve("flat.ova"));
        String descriptor = "# Disk DescriptorFile\nversion=1\nRW 131072 FLAT \"/etc/shadow\" 0\n";
        Path outside = minimal("a.vmdk", descriptor.getBytes()).writeOva(tmp.resolve("out.ova"));
        Path overlay = tmp.resolve("o.qcow2");
        TestPackages.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", qcow2.toString(), "-F", "qcow2", overlay.toString());
        Path backed = minimal("o.qcow2", Files.readAllBytes(overlay)).writeOva(tmp.resolve("backed.ova"));

        refused(inPackage, ErrorCode.INVALID_ARGUMENT, "disk file 'f.vmdk' in flat.ova refers to other files (f-flat.vmdk);"
                + " only single-file disks can be imported");
        refused(outside, ErrorCode.INVALID_ARGUMENT, "disk file 'a.vmdk' in out.ova refers to other files (/etc/shadow);"
                + " only single-file disks can be imported");
        refused(backed, ErrorCode.INVALID_ARGUMENT, "disk file 'o.qcow2' in backed.ova refers to other files (" + qcow2
                + "); only single-file disks can be imported");
    }

    @Test
    void refusesHrefsOutsideThePackageAndCollections() throws Exception {
        String collection = """
                <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
                  <VirtualSystemCollection ovf:id="c">
                    <VirtualSystem ovf:id="a"/><VirtualSystem ovf:id="b"/>
                  </VirtualSystemCollection>
                </Envelope>""";
        Path many = new TestPackages().add("x.ovf", collection).writeOva(tmp.resolve("many.ova"));

        Path onDisk = Files.createDirectories(tmp.resolve("d"));
        Files.write(onDisk.resolve("x.ovf"), minimal("../secret.vmdk", new byte[0]).member("x.ovf"));
        refused(onDisk.resolve("x.ovf"), ErrorCode.INVALID_ARGUMENT,
                "x.ovf references file '../secret.vmdk'; only plain file names inside the package are supported");
        refused(many, ErrorCode.INVALID_ARGUMENT,
                "x.ovf describes a collection of 2 virtual systems; only single-VM appliances can be imported");
    }
}
