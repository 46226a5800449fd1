package dev.vireo.storage.ova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptor reading and hardware mapping details, on small hand-written descriptors. */
class OvfMappingTest {
    private static final String OVF2 = "xmlns=\"http://schemas.dmtf.org/ovf/envelope/2\""
            + " xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/2\""
            + " xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\""
            + " xmlns:sasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_StorageAllocationSettingData.xsd\""
            + " xmlns:epasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_EthernetPortAllocationSettingData.xsd\"";

    @TempDir
    Path tmp;

    private HardwareMapper.Hardware map(String envelopeBody) throws Exception {
        Path file = Files.writeString(tmp.resolve("t.ovf"), "<Envelope " + OVF2 + ">" + envelopeBody + "</Envelope>");
        return HardwareMapper.map(OvfReader.read(file, "t.ovf"), "t");
    }

    private static String system(String items) {
        return "<VirtualSystem ovf:id=\"s\"><Info>i</Info><VirtualHardwareSection><Info>h</Info>" + items
                + "</VirtualHardwareSection></VirtualSystem>";
    }

    private static String item(String type, String... rasd) {
        StringBuilder s = new StringBuilder("<Item><rasd:ResourceType>" + type + "</rasd:ResourceType>");
        for (int i = 0; i < rasd.length; i += 2) {
            s.append("<rasd:").append(rasd[i]).append('>').append(rasd[i + 1]).append("</rasd:").append(rasd[i]).append('>');
        }
        return s.append("</Item>").toString();
    }

    @Test
    void understandsAllocationUnits() {
        assertThat(AllocationUnits.bytesPer("byte * 2^20")).isEqualTo(OptionalLong.of(1L << 20));
        assertThat(AllocationUnits.bytesPer("byte*2^30")).isEqualTo(OptionalLong.of(1L << 30));
        assertThat(AllocationUnits.bytesPer("byte * 10^9")).isEqualTo(OptionalLong.of(1_000_000_000L));
        assertThat(AllocationUnits.bytesPer("MegaBytes")).isEqualTo(OptionalLong.of(1L << 20));
        assertThat(AllocationUnits.bytesPer("GB")).isEqualTo(OptionalLong.of(1L << 30));
        assertThat(AllocationUnits.bytesPer("bytes")).isEqualTo(OptionalLong.of(1));
        assertThat(AllocationUnits.bytesPer("byte * 2^70")).isEmpty();
        assertThat(AllocationUnits.bytesPer("furlongs")).isEmpty();
    }

    @Test
    void readsOvf2StorageAndEthernetPortItems() throws Exception {
        HardwareMapper.Hardware hw = map("""
                <References><File ovf:id="f" ovf:href="d.vmdk"/></References>
                <DiskSection><Info>d</Info><Disk ovf:diskId="vmdisk1" ovf:fileRef="f" ovf:capacity="1"
                    ovf:capacityAllocationUnits="byte * 2^30"/></DiskSection>
                """ + system(item("3", "VirtualQuantity", "2") + item("4", "AllocationUnits", "byte * 2^30",
                "VirtualQuantity", "3")
                + "<StorageItem><sasd:Caption>disk1</sasd:Caption><sasd:HostResource>/disk/vmdisk1</sasd:HostResource>"
                + "<sasd:ResourceType>17</sasd:ResourceType></StorageItem>"
                + "<EthernetPortItem><epasd:Address>08-00-27-A1-B2-C3</epasd:Address><epasd:Caption>nic</epasd:Caption>"
                + "<epasd:ResourceType>10</epasd:ResourceType></EthernetPortItem>"));

        assertThat(hw).isEqualTo(new HardwareMapper.Hardware("s", 2, 3L << 30,
                List.of(new HardwareMapper.DiskSource("disk1", "d.vmdk", 1L << 30)), List.of("08:00:27:a1:b2:c3"), List.of()));
    }

    @Test
    void takesTheDefaultDeploymentOptionAndNormalBounds() throws Exception {
        HardwareMapper.Hardware hw = map("""
                <DeploymentOptionSection><Info>sizes</Info>
                  <Configuration ovf:id="small"><Label>small</Label><Description>s</Description></Configuration>
                  <Configuration ovf:id="large" ovf:default="true"><Label>large</Label><Description>l</Description></Configuration>
                </DeploymentOptionSection>
                """ + system(
                "<Item ovf:configuration=\"small\"><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>"
                + "<Item ovf:configuration=\"medium large\"><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>8</rasd:VirtualQuantity></Item>"
                + "<Item ovf:bound=\"min\"><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>64</rasd:VirtualQuantity></Item>"
                + "<Item ovf:bound=\"normal\"><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4096</rasd:VirtualQuantity></Item>"));

        assertThat(hw.cpus()).isEqualTo(8);
        assertThat(hw.memoryBytes()).isEqualTo(4096L << 20);
        assertThat(hw.warnings()).isEmpty();
    }

    @Test
    void fillsInWhatIsMissingAndSaysSo() throws Exception {
        HardwareMapper.Hardware hw = map(system(item("10", "ElementName", "nic0", "Address", "not-a-mac")
                + item("10", "ElementName", "nic1", "Address", "01:00:5e:00:00:01") + item("10", "ElementName", "nic2")
                + item("17", "ElementName", "empty")));

        assertThat(hw.cpus()).isEqualTo(1);
        assertThat(hw.memoryBytes()).isEqualTo(HardwareMapper.DEFAULT_MEMORY);
        assertThat(hw.macs()).containsExactly(null, null, null);
        assertThat(hw.disks()).isEmpty();
        assertThat(hw.warnings()).containsExactly(
                "NIC 'nic0' has address 'not-a-mac', which is not a MAC; a new one is used",
                "NIC 'nic1' has multicast address '01:00:5e:00:00:01'; a new one is used",
                "item 'empty' (ResourceType 17, disk drive) names no disk; skipped",
                "t.ovf gives no CPU count; using 1",
                "t.ovf gives no memory size; using 1 GiB");
    }

    @Test
    void blankDisksAndUnattachedDisks() throws Exception {
        HardwareMapper.Hardware hw = map("""
                <DiskSection><Info>d</Info>
                  <Disk ovf:diskId="data" ovf:capacity="2" ovf:capacityAllocationUnits="byte * 2^30"/>
                  <Disk ovf:diskId="spare" ovf:capacity="1"/>
                </DiskSection>
                """ + system(item("3", "VirtualQuantity", "1") + item("4", "VirtualQuantity", "256")
                + item("17", "ElementName", "data", "HostResource", "ovf:/disk/data")));

        assertThat(hw.disks()).containsExactly(new HardwareMapper.DiskSource("data", null, 2L << 30));
        assertThat(hw.memoryBytes()).isEqualTo(256L << 20);
        assertThat(hw.warnings()).containsExactly("disk 'spare' of t.ovf is attached to no item; skipped");
    }

    @Test
    void refusesWhatCannotBeMapped() {
        assertThatThrownBy(() -> map(system(item("3", "ElementName", "cpu", "VirtualQuantity", "many"))))
                .hasMessage("t.ovf: item 'cpu' has VirtualQuantity 'many'; expected a number");
        assertThatThrownBy(() -> map(system(item("4", "ElementName", "mem", "VirtualQuantity", "1",
                "AllocationUnits", "furlongs"))))
                .hasMessage("t.ovf: the memory of item 'mem' has unknown allocation units 'furlongs'");
        assertThatThrownBy(() -> map(system(item("17", "ElementName", "d", "HostResource", "ovf:/disk/nope"))))
                .hasMessage("t.ovf: item 'd' refers to disk 'nope', which is not in its DiskSection");
        assertThatThrownBy(() -> map("<References><File ovf:id=\"f\" ovf:href=\"a.vmdk\" ovf:compression=\"gzip\"/>"
                + "</References>" + system("")))
                .hasMessage("t.ovf stores 'a.vmdk' gzip-compressed; not supported");
        assertThatThrownBy(() -> map("<References><File ovf:id=\"f\" ovf:href=\"a.vmdk\" ovf:chunkSize=\"1000\"/>"
                + "</References>" + system("")))
                .hasMessage("t.ovf splits 'a.vmdk' into chunks; not supported");
        assertThatThrownBy(() -> map("<VirtualSystem ovf:id=\"s\"/>")).hasMessage("t.ovf has no VirtualHardwareSection");
    }

    @Test
    void parsesManifests() {
        Manifest mf = Manifest.parse("x.mf", "SHA256(x.ovf)= AB12\n\nSHA1 (disk 1.vmdk) = cd34\r\nSHA512(a)=ef\n");

        assertThat(mf.entries()).containsExactly(new Manifest.Entry("SHA256", "x.ovf", "ab12"),
                new Manifest.Entry("SHA1", "disk 1.vmdk", "cd34"), new Manifest.Entry("SHA512", "a", "ef"));
        assertThatThrownBy(() -> Manifest.parse("x.mf", "SHA256(x.ovf)= ab\nMD5(x.ovf)= cd\n"))
                .hasMessage("x.mf line 2 is not 'SHA256(file)= hex'");
    }
}
