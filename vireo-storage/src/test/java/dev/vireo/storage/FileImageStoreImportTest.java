package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImageStoreImportTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path tmp;

    private final QemuImg qemuImg = new QemuImg();
    private Path images;
    private FileImageStore store;

    @BeforeEach
    void setUp() {
        images = tmp.resolve("images");
        store = new FileImageStore(images, qemuImg, SourceFetcher.withDefaultClient(), List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Path qcow2(String name, long size) {
        Path file = tmp.resolve(name);
        qemuImg.create(file, "qcow2", size);
        return file;
    }

    private Path rawDisk(String name, int size) throws IOException {
        byte[] data = new byte[size];
        data[510] = 0x55;
        data[511] = (byte) 0xAA;
        return Files.write(tmp.resolve(name), data);
    }

    private List<String> imageDirEntries() throws IOException {
        try (Stream<Path> list = Files.list(images)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void importsQcow2AsIs() throws Exception {
        Path source = qcow2("src.qcow2", 8L << 20);
        String sha = Trees.sha256(source);
        List<Double> fractions = new ArrayList<>();

        Image image = store.importDisk(source.toString(), "mine/disk", sha.toUpperCase(), (f, t) -> fractions.add(f));

        assertThat(image.fingerprint()).isEqualTo(sha);
        assertThat(image.disk()).isEqualTo(images.resolve(sha).resolve("disk.qcow2"));
        assertThat(Files.mismatch(image.disk(), source)).isEqualTo(-1L);
        assertThat(image.format()).isEqualTo("qcow2");
        assertThat(image.virtualSizeBytes()).isEqualTo(8L << 20);
        assertThat(image.sizeBytes()).isEqualTo(Files.size(source));
        assertThat(image.kernel()).isNull();
        assertThat(image.boot()).isEqualTo("firmware");
        assertThat(image.readyMarker()).isEqualTo("Cloud-init v\\. \\S+ finished at");
        assertThat(image.cloudInit()).isTrue();
        assertThat(image.source()).isEqualTo(source.toString());
        assertThat(image.createdAt()).isEqualTo(NOW);
        assertThat(fractions).isNotEmpty().last().isEqualTo(1.0);
        assertThat(imageDirEntries()).containsExactly(sha);
    }

    @Test
    void convertsARawDiskToQcow2() throws Exception {
        Path source = rawDisk("disk.img", 4 << 20);

        Image image = store.importDisk(source.toString(), "raw", null, Progress.NONE);

        assertThat(image.fingerprint()).isEqualTo(Trees.sha256(source));
        ImageInfo stored = qemuImg.info(image.disk());
        assertThat(stored.format()).isEqualTo("qcow2");
        assertThat(stored.virtualSize()).isEqualTo(4 << 20);
        assertThat(imageDirEntries()).containsExactly(image.fingerprint());
    }

    @Test
    void refusesRawDataThatIsNotADisk() throws Exception {
        byte[] junk = new byte[1 << 20];
        new Random(7).nextBytes(junk);
        junk[510] = 0;
        Path source = Files.write(tmp.resolve("notes.bin"), junk);

        assertThatThrownBy(() -> store.importDisk(source.toString(), "junk", null, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(source + " is not a disk image (qemu-img sees raw data with no partition table or filesystem)");
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void refusesRawDataOfOddSize() throws Exception {
        Path source = rawDisk("odd.img", 4096 + 100);

        assertThatThrownBy(() -> store.importDisk(source.toString(), "odd", null, Progress.NONE))
                .hasMessage(source + " is not a disk image (its size, 4196 bytes, is not a whole number of 512-byte sectors)");
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void checksumMismatchIsRefusedAndLeavesNothing() throws Exception {
        Path source = qcow2("src.qcow2", 1 << 20);
        String actual = Trees.sha256(source);
        String expected = "0".repeat(64);

        assertThatThrownBy(() -> store.importDisk(source.toString(), "x", expected, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
                .hasMessage("sha256 mismatch: expected " + expected + ", got " + actual);
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void refusesQcow2WithABackingFile() throws Exception {
        Path base = qcow2("base.qcow2", 1 << 20);
        Path overlay = tmp.resolve("overlay.qcow2");
        qemuImg.createOverlay(base, "qcow2", overlay, 1 << 20);

        assertThatThrownBy(() -> store.importDisk(overlay.toString(), "x", null, Progress.NONE))
                .hasMessage(overlay + " refers to another file (" + base
                        + "); import a standalone image (qemu-img convert -O qcow2 FILE disk.qcow2)");
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void refusesQcow2MarkedCorrupt() throws Exception {
        Path source = qcow2("bad.qcow2", 1 << 20);
        try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
            f.seek(72 + 7); // incompatible_features, big-endian; bit 1 is "corrupt"
            f.write(0x02);
        }

        assertThatThrownBy(() -> store.importDisk(source.toString(), "x", null, Progress.NONE))
                .hasMessageStartingWith(source + " is a damaged qcow2 image");
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void refusesOtherFormats() throws Exception {
        Path source = tmp.resolve("disk.vhd");
        qemuImg.create(source, "vpc", 1 << 20);

        assertThatThrownBy(() -> store.importDisk(source.toString(), "x", null, Progress.NONE))
                .hasMessage(source + " is a vpc image; import qcow2, raw, vmdk, vdi, vhdx or a libvirt vagrant box"
                        + " (convert it with: qemu-img convert -O qcow2 FILE disk.qcow2)");
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void missingSourceIsNotFound() throws Exception {
        assertThatThrownBy(() -> store.importDisk(tmp.resolve("nope.qcow2").toString(), "x", null, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> store.importDisk("ftp://example.org/x.img", "x", null, Progress.NONE))
                .hasMessage("unsupported image source ftp://example.org/x.img: give a file path or an http(s) URL");
        assertThat(imageDirEntries()).isEmpty();
    }

    @Test
    void sameBytesTwiceShareOneImageDir() throws Exception {
        Path source = qcow2("src.qcow2", 1 << 20);

        Image a = store.importDisk(source.toString(), "a", null, Progress.NONE);
        Image b = store.importDisk("file://" + source, "b", null, Progress.NONE);

        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(b.disk()).isEqualTo(a.disk());
        assertThat(imageDirEntries()).containsExactly(a.fingerprint());
    }

    @Test
    void downloadsOverHttp() throws Exception {
        byte[] body = Files.readAllBytes(qcow2("src.qcow2", 2 << 20));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/disk.qcow2", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            Image image = store.importDisk(base + "/disk.qcow2", "web", null, Progress.NONE);

            assertThat(image.source()).isEqualTo(base + "/disk.qcow2");
            assertThat(Files.readAllBytes(image.disk())).isEqualTo(body);
            assertThatThrownBy(() -> store.importDisk(base + "/missing", "x", null, Progress.NONE))
                    .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(imageDirEntries()).containsExactly(image.fingerprint());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sweepsWorkDirsLeftByACrash() throws Exception {
        Path leftover = Files.createDirectories(images.resolve(".tmp-import-123/out"));
        Files.writeString(leftover.resolve("disk.qcow2"), "half");

        new FileImageStore(images, qemuImg, SourceFetcher.withDefaultClient(), List.of(), Clock.systemUTC());

        assertThat(imageDirEntries()).isEmpty();
    }
}
