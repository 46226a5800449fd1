package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSignatureTest {
    @TempDir
    Path dir;

    private static byte[] disk(int size) {
        return new byte[size];
    }

    private static byte[] with(byte[] data, int offset, byte... bytes) {
        System.arraycopy(bytes, 0, data, offset, bytes.length);
        return data;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void recognisesPartitionTablesAndFilesystems() {
        assertThat(DiskSignature.detect(with(disk(1 << 20), 510, (byte) 0x55, (byte) 0xAA))).contains("mbr");
        assertThat(DiskSignature.detect(with(disk(1 << 20), 512, ascii("EFI PART")))).contains("gpt");
        assertThat(DiskSignature.detect(with(disk(1 << 20), 4096, ascii("EFI PART")))).contains("gpt");
        assertThat(DiskSignature.detect(with(disk(1 << 20), 1080, (byte) 0x53, (byte) 0xEF))).contains("ext");
        assertThat(DiskSignature.detect(with(disk(1 << 20), 0, ascii("XFSB")))).contains("xfs");
        assertThat(DiskSignature.detect(with(disk(1 << 20), 32769, ascii("CD001")))).contains("iso9660");
        assertThat(DiskSignature.detect(with(disk(1 << 20), 0x10040, ascii("_BHRfS_M")))).contains("btrfs");
    }

    @Test
    void rejectsDataWithoutSignature() {
        byte[] random = new byte[1 << 20];
        new Random(42).nextBytes(random);
        random[510] = 0;
        random[1080] = 0;

        assertThat(DiskSignature.detect(random)).isEmpty();
        assertThat(DiskSignature.detect(disk(1 << 20))).isEmpty();
        assertThat(DiskSignature.detect(ascii("hello, world\n"))).isEmpty();
        assertThat(DiskSignature.detect(new byte[0])).isEmpty();
        // reversed byte order is not the ext magic
        assertThat(DiskSignature.detect(with(disk(4096), 1080, (byte) 0xEF, (byte) 0x53))).isEmpty();
    }

    @Test
    void readsOnlyTheHeadOfAFile() throws Exception {
        Path ext = Files.write(dir.resolve("ext.img"), with(disk(8 << 20), 1080, (byte) 0x53, (byte) 0xEF));
        Path tiny = Files.write(dir.resolve("tiny"), ascii("XFS"));

        assertThat(DiskSignature.detect(ext)).isEqualTo(Optional.of("ext"));
        assertThat(DiskSignature.detect(tiny)).isEmpty();
    }

    @Test
    void recognisesARealExt4Filesystem() throws Exception {
        Path mkfs = Path.of("/usr/sbin/mkfs.ext4");
        assumeTrue(Files.isExecutable(mkfs), "e2fsprogs is not installed");
        Path img = dir.resolve("fs.img");
        Process p = new ProcessBuilder(mkfs.toString(), "-q", img.toString(), "4M").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();

        assertThat(DiskSignature.detect(img)).contains("ext");
    }
}
