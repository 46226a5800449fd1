package dev.vireo.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.core.op.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {
    private static final Instant MTIME = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path tmp;

    private static String run(Path dir, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void hostTarReadsWhatItWrites() throws Exception {
        String longName = "x".repeat(120) + ".vmdk";
        byte[] disk = new byte[3000];
        disk[2999] = 7;
        Path tar = tmp.resolve("a.ova");
        try (OutputStream out = Files.newOutputStream(tar)) {
            TarWriter w = new TarWriter(out, MTIME);
            w.add("a.ovf", 5, new ByteArrayInputStream("<x/>\n".getBytes(StandardCharsets.UTF_8)));
            w.add(longName, disk.length, new ByteArrayInputStream(disk));
            w.add("Größe.mf", 0, new ByteArrayInputStream(new byte[0]));
            w.finish();
        }
        Path dir = Files.createDirectory(tmp.resolve("x"));

        String listing = run(dir, "tar", "-tvf", tar.toString());
        run(dir, "tar", "-xf", tar.toString());

        assertThat(listing.lines().toList()).hasSize(3);
        assertThat(listing).contains("-rw-r--r-- root/root", "2026-01-02 03:04", "a.ovf", longName, "Größe.mf");
        assertThat(Files.readAllBytes(dir.resolve(longName))).isEqualTo(disk);
        assertThat(Files.size(tar) % 512).isZero();
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        assertThat(new TarExtractor().extract(tar, "a.ova", ours, Progress.NONE))
                .containsExactly("a.ovf", longName, "Größe.mf");
    }

    @Test
    void sizesOfEightGibAndMoreGoInPaxAndBase256() throws Exception {
        long size = 8L << 30;
        byte[] headers = TarWriter.headers("disk1.vmdk", size, MTIME.getEpochSecond());

        assertThat(headers).hasSize(3 * 512); // pax header, its records, the ustar header
        assertThat(new String(headers, 512, 512, StandardCharsets.UTF_8)).startsWith("19 size=8589934592\n");
        TarReader reader = new TarReader(new ByteArrayInputStream(headers), "big.ova");
        TarEntry entry = reader.next();
        assertThat(entry.name()).isEqualTo("disk1.vmdk");
        assertThat(entry.size()).isEqualTo(size);
        byte[] ustar = java.util.Arrays.copyOfRange(headers, 1024, 1536);
        TarEntry base256Only = new TarReader(new ByteArrayInputStream(ustar), "big.ova").next();
        assertThat(base256Only.size()).isEqualTo(size);
    }

    @Test
    void smallFilesWithShortNamesNeedNoPax() {
        assertThat(TarWriter.headers("disk1.vmdk", TarWriter.MAX_OCTAL, 0)).hasSize(512);
    }

    @Test
    void refusesContentOfTheWrongSize() {
        TarWriter w = new TarWriter(new ByteArrayOutputStream(), MTIME);

        assertThatThrownBy(() -> w.add("a", 10, new ByteArrayInputStream(new byte[4])))
                .isInstanceOf(IOException.class).hasMessage("a ended after 4 of 10 bytes");
        assertThatThrownBy(() -> w.add("b", 2, new ByteArrayInputStream(new byte[4])))
                .isInstanceOf(IOException.class).hasMessage("b grew beyond 2 bytes while being archived");
        assertThatThrownBy(() -> w.add("../c", 0, new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainNames() {
        assertThat(List.of("disk1.vmdk", "Web Server (1)-disk1.vmdk", "Größe.ovf"))
                .allMatch(PlainNames::isPlain);
        assertThat(List.of("", ".", "..", "a/b", "a\\b", "nbd:x", "a\u0000b", "x".repeat(256)))
                .noneMatch(PlainNames::isPlain);
    }
}
