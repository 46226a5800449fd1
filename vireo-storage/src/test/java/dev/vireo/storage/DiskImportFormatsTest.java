package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Imports of vmdk, vdi and vhdx disks and of libvirt Vagrant boxes, with files qemu-img and tar make. */
class DiskImportFormatsTest {
    private static final String HINT = "; import a standalone image (qemu-img convert -O qcow2 FILE disk.qcow2)";

    @TempDir
    Path tmp;

    private final QemuImg qemuImg = new QemuImg();
    private Path images;
    private FileImageStore store;

    @BeforeEach
    void setUp() {
        images = tmp.resolve("images");
        store = new FileImageStore(images, qemuImg, SourceFetcher.withDefaultClient(), List.of(), Clock.systemUTC());
    }

    /** An 8 MiB raw disk with an MBR signature and a pattern at 5 MiB. */
    private Path rawDisk() throws IOException {
        Path raw = tmp.resolve("disk.raw");
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(8 << 20);
            f.seek(510);
            f.write(new byte[] {0x55, (byte) 0xAA});
            f.seek(5 << 20);
            f.write("vireo was here".repeat(100).getBytes(StandardCharsets.US_ASCII));
        }
        return raw;
    }

    private Path convert(Path raw, String format, String options, String name) throws Exception {
        Path out = tmp.resolve(name);
        run("qemu-img", "convert", "-f", "raw", "-O", format, "-o", options, raw.toString(), out.toString());
        return out;
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    private List<String> imageDirEntries() throws IOException {
        try (Stream<Path> list = Files.list(images)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void refused(Path source, String message) throws IOException {
        assertThatThrownBy(() -> store.importDisk(source.toString(), "x", null, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
        assertThat(imageDirEntries()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"vmdk, subformat=monolithicSparse, a.vmdk", "vmdk, subformat=streamOptimized, b.vmdk",
            "vdi, static=off, c.vdi", "vhdx, subformat=dynamic, d.vhdx"})
    void convertsForeignFormatsToQcow2(String format, String options, String name) throws Exception {
        Path raw = rawDisk();
        Path source = convert(raw, format, options, name);

        Image image = store.importDisk(source.toString(), "foreign", null, Progress.NONE);

        assertThat(image.fingerprint()).isEqualTo(Trees.sha256(source));
        assertThat(qemuImg.info(image.disk()).format()).isEqualTo("qcow2");
        assertThat(image.virtualSizeBytes()).isEqualTo(8 << 20);
        run("qemu-img", "compare", "-q", "-f", "raw", "-F", "qcow2", raw.toString(), image.disk().toString());
        assertThat(imageDirEntries()).containsExactly(image.fingerprint());
    }

    @Test
    void refusesAMonolithicFlatVmdk() throws Exception {
        Path descriptor = convert(rawDisk(), "vmdk", "subformat=monolithicFlat", "flat.vmdk");

        refused(descriptor, descriptor + " refers to another file (flat-flat.vmdk)" + HINT);
    }

    @Test
    void refusesADescriptorNamingHostFilesWithoutOpeningThem() throws Exception {
        Path descriptor = Files.writeString(tmp.resolve("evil.vmdk"), """
                # Disk DescriptorFile
                version=1
                CID=fffffffe
                parentCID=ffffffff
                createType="twoGbMaxExtentFlat"

                RW 2048 FLAT "/etc/shadow" 0
                RW 2048 FLAT "/dev/sda" 0
                """);

        refused(descriptor, descriptor + " refers to other files (/etc/shadow, /dev/sda)" + HINT);
    }

    @Test
    void importsALibvirtVagrantBox() throws Exception {
        Path raw = rawDisk();
        Path src = Files.createDirectory(tmp.resolve("box"));
        run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), src.resolve("box.img").toString());
        Files.writeString(src.resolve("metadata.json"), "{\"provider\":\"libvirt\",\"format\":\"qcow2\",\"virtual_size\":1}");
        Files.writeString(src.resolve("Vagrantfile"), "Vagrant.configure(\"2\") do |c| end\n");
        Path box = tmp.resolve("debian.box");
        run("tar", "-czf", box.toString(), "-C", src.toString(), "./metadata.json", "./Vagrantfile", "./box.img");

        Image image = store.importDisk(box.toString(), "vagrant/debian", null, Progress.NONE);

        assertThat(image.fingerprint()).isEqualTo(Trees.sha256(box));
        assertThat(Files.mismatch(image.disk(), src.resolve("box.img"))).isEqualTo(-1L);
        assertThat(image.kernel()).isNull();
        assertThat(imageDirEntries()).containsExactly(image.fingerprint());
    }

    @Test
    void refusesVagrantBoxesOfOtherProvidersOrFormats() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("box"));
        Files.writeString(src.resolve("metadata.json"), "{\"provider\":\"virtualbox\"}");
        Files.writeString(src.resolve("box.ovf"), "<Envelope/>");
        Path vbox = tmp.resolve("vbox.box");
        run("tar", "-czf", vbox.toString(), "-C", src.toString(), "metadata.json", "box.ovf");
        refused(vbox, "vagrant box for provider 'virtualbox'; only libvirt boxes are supported");

        Files.writeString(src.resolve("metadata.json"), "{\"provider\":\"libvirt\",\"format\":\"qcow2\"}");
        Files.copy(rawDisk(), src.resolve("box.img"));
        Path rawBox = tmp.resolve("raw.box");
        run("tar", "-cf", rawBox.toString(), "-C", src.toString(), "metadata.json", "box.img");
        refused(rawBox, "vagrant box " + rawBox + " holds a raw box.img; only qcow2 is supported");

        Files.delete(src.resolve("box.img"));
        qemuImg.createOverlay(rawDisk(), "raw", src.resolve("box.img"), 8 << 20);
        Path overlayBox = tmp.resolve("overlay.box");
        run("tar", "-cf", overlayBox.toString(), "-C", src.toString(), "metadata.json", "box.img");
        refused(overlayBox, "box.img in " + overlayBox + " refers to another file (" + tmp.resolve("disk.raw") + ")" + HINT);
    }
}
