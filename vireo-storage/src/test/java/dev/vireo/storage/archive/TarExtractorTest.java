package dev.vireo.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarExtractorTest {
    private static final String LONG = "a-rather-long-disk-name-".repeat(6) + "disk1.vmdk"; // 154 characters

    @TempDir
    Path tmp;

    private Path src;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        src = Files.createDirectory(tmp.resolve("src"));
        out = Files.createDirectory(tmp.resolve("out"));
    }

    /** Runs the host's GNU tar in {@code src}. */
    private Path hostTar(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tar"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(src.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return tmp;
    }

    private List<String> outEntries() throws IOException {
        try (Stream<Path> list = Files.list(out)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void extractFails(Path archive, String message) throws IOException {
        assertThatThrownBy(() -> new TarExtractor().extract(archive, "x.ova", out, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
        assertThat(outEntries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ustar", "pax", "gnu"})
    void extractsWhatHostTarWrites(String format) throws Exception {
        Files.writeString(src.resolve("x.ovf"), "<Envelope/>");
        Files.write(src.resolve("disk.vmdk"), new byte[70_000]);
        List<String> names = new ArrayList<>(List.of("x.ovf", "disk.vmdk"));
        if (!format.equals("ustar")) { // ustar cannot hold a 154-character name without a directory
            Files.writeString(src.resolve(LONG), "long");
            names.add(LONG);
        }
        List<String> argv = new ArrayList<>(List.of("--format=" + format, "-cf", "../x.tar"));
        argv.addAll(names);
        hostTar(argv.toArray(String[]::new));
        List<Double> fractions = new ArrayList<>();

        List<String> extracted = new TarExtractor().extract(tmp.resolve("x.tar"), "x.tar", out, (f, t) -> fractions.add(f));

        assertThat(extracted).containsExactlyElementsOf(names);
        for (String name : names) {
            assertThat(Files.mismatch(src.resolve(name), out.resolve(name))).isEqualTo(-1L);
        }
        assertThat(fractions).isNotEmpty().allMatch(f -> f >= 0 && f <= 1);
    }

    @Test
    void extractsGzipAndSkipsTheDotDirectory() throws Exception {
        Files.writeString(src.resolve("metadata.json"), "{}");
        Files.writeString(src.resolve("Vagrantfile"), "# nothing");
        hostTar("-czf", "../x.box", ".");

        List<String> extracted = new TarExtractor().extract(tmp.resolve("x.box"), "x.box", out, Progress.NONE);

        assertThat(extracted).containsExactlyInAnyOrder("metadata.json", "Vagrantfile");
        assertThat(Files.readString(out.resolve("metadata.json"))).isEqualTo("{}");
        assertThat(TarExtractor.looksLikeArchive(tmp.resolve("x.box"))).isTrue();
    }

    @Test
    void recognisesArchives() throws Exception {
        Path tar = new RawTar().file("a", "x").write(tmp.resolve("a.tar"));
        Path gz = new RawTar().file("a", "x").writeGzip(tmp.resolve("a.tgz"));
        Path other = Files.write(tmp.resolve("disk.img"), new byte[4096]);

        assertThat(TarExtractor.looksLikeArchive(tar)).isTrue();
        assertThat(TarExtractor.looksLikeArchive(gz)).isTrue();
        assertThat(TarExtractor.looksLikeArchive(other)).isFalse();
    }

    @Test
    void refusesDotDot() throws Exception {
        Path ova = new RawTar().file("x.ovf", "<x/>").file("../etc/passwd", "root::0:0").write(tmp.resolve("x.ova"));
        extractFails(ova, "tar entry '../etc/passwd' in x.ova escapes the archive");
        Path hidden = new RawTar().file("./a/../../b", "x").write(tmp.resolve("y.ova"));
        extractFails(hidden, "tar entry './a/../../b' in x.ova escapes the archive");
    }

    @Test
    void refusesAbsoluteNames() throws Exception {
        Path ova = new RawTar().file("/etc/cron.d/x", "* * * * * root sh").write(tmp.resolve("x.ova"));
        extractFails(ova, "tar entry '/etc/cron.d/x' in x.ova is an absolute path");
    }

    @Test
    void refusesSymlinksFromHostTar() throws Exception {
        Files.writeString(src.resolve("x.ovf"), "<x/>");
        Files.createSymbolicLink(src.resolve("disk.vmdk"), Path.of("/etc/shadow"));
        hostTar("-cf", "../x.ova", "x.ovf", "disk.vmdk");

        extractFails(tmp.resolve("x.ova"),
                "tar entry 'disk.vmdk' in x.ova is a symbolic link (to '/etc/shadow'); only regular files are allowed");
    }

    @Test
    void refusesHardLinksFromHostTar() throws Exception {
        Files.writeString(src.resolve("a.vmdk"), "data");
        Files.createLink(src.resolve("b.vmdk"), src.resolve("a.vmdk"));
        hostTar("-cf", "../x.ova", "a.vmdk", "b.vmdk");

        extractFails(tmp.resolve("x.ova"),
                "tar entry 'b.vmdk' in x.ova is a hard link (to 'a.vmdk'); only regular files are allowed");
    }

    @Test
    void refusesDevicesAndFifos() throws Exception {
        Path dev = new RawTar().entry("null", '3', "", new byte[0]).write(tmp.resolve("c.ova"));
        extractFails(dev, "tar entry 'null' in x.ova is a character device; only regular files are allowed");
        Path block = new RawTar().entry("sda", '4', "", new byte[0]).write(tmp.resolve("b.ova"));
        extractFails(block, "tar entry 'sda' in x.ova is a block device; only regular files are allowed");
        Path fifo = new RawTar().entry("pipe", '6', "", new byte[0]).write(tmp.resolve("f.ova"));
        extractFails(fifo, "tar entry 'pipe' in x.ova is a FIFO; only regular files are allowed");
    }

    @Test
    void refusesTheHostsDevNullAsArchived() throws Exception {
        Process p = new ProcessBuilder("tar", "-cf", tmp.resolve("d.ova").toString(), "-C", "/dev", "null").start();
        assertThat(p.waitFor()).isZero();

        extractFails(tmp.resolve("d.ova"), "tar entry 'null' in x.ova is a character device; only regular files are allowed");
    }

    @Test
    void refusesSubdirectoriesDuplicatesAndUnsafeNames() throws Exception {
        extractFails(new RawTar().entry("disks/", '5', "", new byte[0]).write(tmp.resolve("1.ova")),
                "tar entry 'disks/' in x.ova is a directory; only regular files are allowed");
        extractFails(new RawTar().file("disks/a.vmdk", "x").write(tmp.resolve("2.ova")),
                "tar entry 'disks/a.vmdk' in x.ova is in a subdirectory; only files at the top level are allowed");
        extractFails(new RawTar().file("a.vmdk", "x").file("./a.vmdk", "y").write(tmp.resolve("3.ova")),
                "tar entry './a.vmdk' in x.ova appears twice");
        extractFails(new RawTar().file("nbd:evil", "x").write(tmp.resolve("4.ova")),
                "tar entry 'nbd:evil' in x.ova has an unsafe name");
        extractFails(new RawTar().file("a\nb", "x").write(tmp.resolve("5.ova")),
                "tar entry 'a?b' in x.ova has an unsafe name");
        extractFails(new RawTar().entry("s", 'S', "", new byte[0]).write(tmp.resolve("6.ova")),
                "tar entry 's' in x.ova is a sparse file; only regular files are allowed");
    }

    @Test
    void refusesTooManyEntries() throws Exception {
        RawTar tar = new RawTar();
        for (int i = 0; i < 4; i++) {
            tar.file("f" + i, "x");
        }
        assertThatThrownBy(() -> new TarExtractor(3).extract(tar.write(tmp.resolve("x.ova")), "x.ova", out, Progress.NONE))
                .hasMessage("x.ova has more than 3 files");
        assertThat(outEntries()).isEmpty();
    }

    @Test
    void refusesCorruptAndTruncatedArchives() throws Exception {
        byte[] good = new RawTar().file("a.vmdk", new byte[2000]).bytes();
        byte[] badSum = good.clone();
        badSum[0] = 'b';
        extractFails(Files.write(tmp.resolve("1.ova"), badSum), "x.ova is not a tar archive (bad header checksum at byte 0)");
        byte[] cut = java.util.Arrays.copyOf(good, 1024);
        extractFails(Files.write(tmp.resolve("2.ova"), cut),
                "x.ova is truncated (tar entry 'a.vmdk' ends early, at byte 1024)");
        extractFails(Files.write(tmp.resolve("3.ova"), java.util.Arrays.copyOf(good, 300)),
                "x.ova is truncated (a tar header at byte 0 is incomplete)");
    }

    @Test
    void refusesCorruptGzip() throws Exception {
        byte[] gz = Files.readAllBytes(new RawTar().file("a", new byte[100_000]).writeGzip(tmp.resolve("a.tgz")));
        Path cut = Files.write(tmp.resolve("cut.tgz"), java.util.Arrays.copyOf(gz, gz.length / 2));

        assertThatThrownBy(() -> new TarExtractor().extract(cut, "x.box", out, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("cannot read x.box: ");
        assertThat(outEntries()).isEmpty();
    }
}
