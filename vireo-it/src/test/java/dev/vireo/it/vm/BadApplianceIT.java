package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad appliances through the real CLI and daemon: one clear line, the documented exit code, and
 * nothing left behind (no instance row, no instance directory, no import work directory).
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class BadApplianceIT {
    private static final String OVF = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Envelope ovf:version="2.0" xmlns="http://schemas.dmtf.org/ovf/envelope/2"
                xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/2"
                xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
              <References><File ovf:id="file1" ovf:href="disk.vmdk"/></References>
              <DiskSection><Info>disks</Info>
                <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="67108864"/></DiskSection>
              <VirtualSystem ovf:id="bad"><Info>vm</Info>
                <VirtualHardwareSection><Info>hw</Info>
                  <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType>
                    <rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
                  <Item><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
                    <rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>
                </VirtualHardwareSection>
              </VirtualSystem>
            </Envelope>
            """;

    private final Vireo vireo = Vireo.get();

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tar-slip with ..        | slip     | 2  | escapes",
        "symlink entry           | symlink  | 2  | symbolic link",
        "hard link entry         | hardlink | 2  | link",
        "manifest digest wrong   | digest   | 10 | disk.vmdk",
        "not well-formed XML     | xml      | 2  | not well-formed",
        "disk file missing       | missing  | 2  | disk.vmdk",
        "disk qemu-img can't read| garbage  | 2  | disk.vmdk",
    })
    void badAppliancesAreRefusedCleanly(String why, String kind, int exit, String message) throws Exception {
        Path ova = build(kind);
        String name = "bad-" + kind;
        Proc p = vireo.cli("import", ova.toString(), name);
        assertThat(p.exit()).as(p.toString()).isEqualTo(exit);
        assertThat(p.err().lines().filter(l -> l.startsWith("vireo: error: "))).as(p.toString())
                .singleElement().asString().contains(message);
        assertThat(vireo.client().instances()).noneMatch(i -> i.name().equals(name));
        assertThat(Files.exists(vireo.instanceDir(name))).isFalse();
        try (Stream<Path> left = Files.list(vireo.instanceDir(name).getParent())) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains(name));
        }
    }

    /** An .ova of the given kind of badness, made with GNU tar from files in a scratch dir. */
    private Path build(String kind) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(kind).resolve("pkg"));
        Files.writeString(dir.resolve("bad.ovf"), kind.equals("xml") ? "<Envelope><References>" : OVF);
        List<String> entries = new ArrayList<>(List.of("bad.ovf"));
        switch (kind) {
            case "slip" -> {
                Files.writeString(dir.getParent().resolve("evil"), "x");
                entries.add("../evil");
            }
            case "symlink" -> {
                Files.createSymbolicLink(dir.resolve("disk.vmdk"), Path.of("/etc/passwd"));
                entries.add("disk.vmdk");
            }
            case "hardlink" -> {
                Files.writeString(dir.resolve("disk.vmdk"), "x");
                Files.createLink(dir.resolve("again.vmdk"), dir.resolve("disk.vmdk"));
                entries.addAll(List.of("disk.vmdk", "again.vmdk"));
            }
            case "digest" -> {
                Proc.run(List.of("qemu-img", "create", "-q", "-f", "vmdk", dir.resolve("disk.vmdk").toString(), "64M"));
                Files.writeString(dir.resolve("bad.mf"), "SHA256(disk.vmdk)= " + "0".repeat(64) + "\n");
                entries.addAll(List.of("disk.vmdk", "bad.mf"));
            }
            case "garbage" -> {
                Files.writeString(dir.resolve("disk.vmdk"), "this is not a disk image at all\n".repeat(100));
                entries.add("disk.vmdk");
            }
            default -> {
                // xml and missing: the descriptor alone
            }
        }
        Path ova = tmp.resolve(kind + ".ova");
        List<String> tar = new ArrayList<>(List.of("tar", "-C", dir.toString(), "-P", "-cf", ova.toString()));
        tar.addAll(entries);
        Proc made = Proc.run(tar);
        assertThat(made.exit()).as(made.toString()).isZero();
        return ova;
    }
}
