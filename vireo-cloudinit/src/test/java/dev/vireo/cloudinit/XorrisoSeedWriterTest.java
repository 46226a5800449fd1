package dev.vireo.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.seed.NoCloudSeed;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XorrisoSeedWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesCidataIsoWithMetaAndUserData() throws Exception {
        Path iso = dir.resolve("instance/seed.iso");
        String userData = "#cloud-config\nruncmd:\n  - [touch, /tmp/hello]\n";
        NoCloudSeed seed = new NoCloudSeed("0f8e-iid", "web1", List.of("ssh-ed25519 AAAAC3 me@laptop"), userData);

        new XorrisoSeedWriter().writeIso(seed, iso);

        assertThat(volumeId(iso)).isEqualTo("cidata");
        Path out = extract(iso);
        assertThat(Files.readString(out.resolve("user-data"))).isEqualTo(userData);
        assertThat(Files.readString(out.resolve("meta-data"))).isEqualTo("""
                instance-id: "0f8e-iid"
                local-hostname: "web1"
                public-keys:
                  - "ssh-ed25519 AAAAC3 me@laptop"
                """);
        assertThat(siblings(iso)).containsExactly("seed.iso");
    }

    @Test
    void emptyUserDataBecomesEmptyCloudConfig() throws Exception {
        Path iso = dir.resolve("seed.iso");

        new XorrisoSeedWriter().writeIso(new NoCloudSeed("iid", "h", List.of(), null), iso);

        assertThat(Files.readString(extract(iso).resolve("user-data"))).isEqualTo("#cloud-config\n{}\n");
    }

    @Test
    void replacesAnExistingIso() throws Exception {
        Path iso = dir.resolve("seed.iso");
        Files.writeString(iso, "old");

        new XorrisoSeedWriter().writeIso(new NoCloudSeed("iid", "second", List.of(), null), iso);

        assertThat(Files.readString(extract(iso).resolve("meta-data"))).contains("\"second\"");
    }

    @Test
    void failureLeavesNothingBehind() throws Exception {
        Path iso = dir.resolve("seed.iso");
        Path fake = Files.writeString(dir.resolve("fake-xorriso"), "#!/bin/sh\necho 'xorriso : FAILURE : boom' >&2\nexit 5\n");
        fake.toFile().setExecutable(true);

        assertThatThrownBy(() -> new XorrisoSeedWriter(fake.toString(), Duration.ofSeconds(10))
                .writeIso(new NoCloudSeed("iid", "h", List.of(), null), iso))
                .isInstanceOf(VireoException.class)
                .hasMessage("xorriso failed: xorriso : FAILURE : boom");
        assertThat(siblings(iso)).containsExactly("fake-xorriso");
    }

    @Test
    void missingXorrisoIsUnavailable() throws IOException {
        assertThatThrownBy(() -> new XorrisoSeedWriter("/nonexistent/xorriso", Duration.ofSeconds(10))
                .writeIso(new NoCloudSeed("iid", "h", List.of(), null), dir.resolve("seed.iso")))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(siblings(dir.resolve("seed.iso"))).isEmpty();
    }

    /** The primary volume descriptor is sector 16; its volume id is 32 bytes at offset 40. */
    private static String volumeId(Path iso) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(iso.toFile(), "r")) {
            byte[] id = new byte[32];
            file.seek(16 * 2048 + 40);
            file.readFully(id);
            return new String(id, StandardCharsets.US_ASCII).strip();
        }
    }

    private Path extract(Path iso) throws Exception {
        Path out = Files.createTempDirectory(dir, "extract-");
        Process p = new ProcessBuilder("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/",
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }

    private static List<String> siblings(Path file) throws IOException {
        try (Stream<Path> list = Files.list(file.getParent())) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("extract-")).sorted().toList();
        }
    }
}
