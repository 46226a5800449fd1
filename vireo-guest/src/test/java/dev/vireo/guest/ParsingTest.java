package dev.vireo.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The pure parts: reading tool output and refusing what debugfs cannot take. Needs no tools. */
class ParsingTest {
    @Test
    void splitsABatchOfListingsByTheirEchoedCommands() {
        String out = """
                debugfs: ls -p "/etc"
                /12/040755/0/0/.//
                /2/040755/0/0/..//
                /13/100444/0/0/machine-id/33/
                /14/040755/0/0/ssh//
                /15/120777/0/0/mtab/19/

                debugfs: ls -p "/missing"
                debugfs: ls -p "/var/lib/cloud"
                /16/040755/0/0/.//
                /15/040755/0/0/..//
                /17/100644/0/0/line
                break/1/
                /18/100644/0/0/two
                line
                breaks/1/
                /19/100644/0/0/say "hi"/1/

                """;

        Map<String, Ext4Fs.Listing> listings = Ext4Fs.parseListings(out, List.of("/etc", "/missing", "/var/lib/cloud"));

        Ext4Fs.Listing etc = listings.get("/etc");
        assertThat(etc.exists()).isTrue();
        assertThat(etc.entries()).extracting(GuestEntry::name).containsExactly("machine-id", "ssh", "mtab");
        assertThat(etc.find("machine-id")).hasValueSatisfying(e -> assertThat(e.isRegularFile()).isTrue());
        assertThat(etc.find("ssh")).hasValueSatisfying(e -> assertThat(e.isDirectory()).isTrue());
        assertThat(etc.find("mtab")).hasValueSatisfying(e -> assertThat(e.isSymlink()).isTrue());
        assertThat(listings.get("/missing").exists()).isFalse();
        Ext4Fs.Listing cloud = listings.get("/var/lib/cloud");
        assertThat(cloud.unreadable()).isEqualTo(2);
        assertThat(cloud.entries()).extracting(GuestEntry::name).containsExactly("say \"hi\"");
    }

    @Test
    void aDirectoryNotInTheOutputIsMissing() {
        assertThat(Ext4Fs.parseListings("", List.of("/etc")).get("/etc")).isEqualTo(Ext4Fs.Listing.MISSING);
    }

    @Test
    void quotesPathsAndRefusesWhatDebugfsCannotTake() {
        DebugfsScript script = new DebugfsScript().rm("/var/log/a b").write(Path.of("/tmp/x"), "/etc/hostname", 0644);

        assertThat(script.lines()).containsExactly("rm \"/var/log/a b\"", "write \"/tmp/x\" \"/etc/hostname\"",
                "sif \"/etc/hostname\" mode 0100644", "sif \"/etc/hostname\" uid 0", "sif \"/etc/hostname\" gid 0");
        assertThat(DebugfsScript.isSafe("it's a #name\\")).isTrue();
        for (String bad : List.of("/a\"b", "/a\nb", "/a\rb", "/a\0b", "relative")) {
            assertThatThrownBy(() -> new DebugfsScript().rm(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readsTheExtMagicAndTheRecoveryFlag() {
        ByteBuffer sb = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ExtSuperblock.parse(sb).isExt()).isFalse();
        sb.putShort(56, (short) 0xEF53);
        assertThat(ExtSuperblock.parse(sb)).isEqualTo(new ExtSuperblock(true, false));
        sb.putInt(96, 0x2C6); // extents, 64bit, flex_bg, ... and needs_recovery (0x4)
        assertThat(ExtSuperblock.parse(sb)).isEqualTo(new ExtSuperblock(true, true));
    }

    @Test
    void readsPartitionOffsetsFromSfdisk() {
        String json = """
                {"partitiontable": {"label": "gpt", "unit": "sectors", "sectorsize": 4096,
                 "partitions": [{"node": "/tmp/d.raw1", "start": 256, "size": 100, "type": "x"},
                                {"node": "/tmp/d.raw14", "start": 1024, "size": 100, "type": "y"}]}}
                """;

        assertThat(PartitionFinder.parseSfdisk(json)).containsExactly(new PartitionFinder.Partition(1, 1048576),
                new PartitionFinder.Partition(14, 4194304));
    }

    @Test
    void findsMountPointsWithEscapedSpaces() {
        String mountinfo = "36 35 0:40 / /tmp/my\\040dir/disk.raw rw,nosuid - fuse /dev/fuse rw\n";

        assertThat(Mounts.mountPoints(mountinfo)).containsExactly("/tmp/my dir/disk.raw");
    }

    @Test
    void readsKeySizesAndMakesSystemdStyleMachineIds() {
        assertThat(SshHostKeys.parseBits("3072 SHA256:abc root@x (RSA)\n")).isEqualTo(OptionalInt.of(3072));
        assertThat(SshHostKeys.parseBits("garbage")).isEmpty();
        String id = IdentityRegenerator.newMachineId();
        assertThat(id).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}").isNotEqualTo(IdentityRegenerator.newMachineId());
    }

    @Test
    void acceptsOnlyDnsHostnames() {
        DebugfsGuestEditor.requireHostname("web1");
        DebugfsGuestEditor.requireHostname("db-2.example.org");
        for (String bad : List.of("", "-web", "web_1", "a b", "web1.", "x".repeat(64), "web1\n")) {
            assertThatThrownBy(() -> DebugfsGuestEditor.requireHostname(bad))
                    .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }
}
