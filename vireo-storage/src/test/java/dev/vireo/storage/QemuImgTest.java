package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuImgTest {
    @TempDir
    Path dir;

    private final QemuImg qemuImg = new QemuImg();

    @Test
    void parsesInfoOfAnOverlay() {
        ImageInfo info = QemuImg.parseInfo(Path.of("ov.qcow2"), """
                {
                    "backing-filename-format": "qcow2",
                    "virtual-size": 4294967296,
                    "filename": "ov.qcow2",
                    "cluster-size": 65536,
                    "format": "qcow2",
                    "actual-size": 13312000,
                    "format-specific": {
                        "type": "qcow2",
                        "data": {"compat": "1.1", "lazy-refcounts": false, "refcount-bits": 16, "corrupt": false}
                    },
                    "full-backing-filename": "/var/lib/vireo/images/ab/disk.qcow2",
                    "backing-filename": "/var/lib/vireo/images/ab/disk.qcow2",
                    "dirty-flag": false
                }
                """);

        assertThat(info).isEqualTo(new ImageInfo(Path.of("ov.qcow2"), "qcow2", 4294967296L, 13312000L,
                "/var/lib/vireo/images/ab/disk.qcow2", "qcow2", null, false, false));
        assertThat(info.dependsOnOtherFiles()).isTrue();
    }

    @Test
    void parsesInfoOfRawDataAndFlags() {
        ImageInfo raw = QemuImg.parseInfo(Path.of("junk"), """
                {"virtual-size": 1048576, "filename": "junk", "format": "raw", "actual-size": 4096, "dirty-flag": false}
                """);
        ImageInfo flagged = QemuImg.parseInfo(Path.of("x"), """
                {"virtual-size": 1, "format": "qcow2", "dirty-flag": true,
                 "format-specific": {"type": "qcow2", "data": {"corrupt": true, "data-file": "/etc/shadow"}}}
                """);

        assertThat(raw.format()).isEqualTo("raw");
        assertThat(raw.virtualSize()).isEqualTo(1048576);
        assertThat(raw.backingFilename()).isNull();
        assertThat(raw.dependsOnOtherFiles()).isFalse();
        assertThat(flagged.dirty()).isTrue();
        assertThat(flagged.corrupt()).isTrue();
        assertThat(flagged.dataFile()).isEqualTo("/etc/shadow");
        assertThat(flagged.dependsOnOtherFiles()).isTrue();
    }

    @Test
    void parsesCheckResults() {
        CheckResult clean = QemuImg.parseCheck(0, """
                {"image-end-offset": 262144, "total-clusters": 1024, "check-errors": 0, "filename": "a", "format": "qcow2"}
                """);
        CheckResult leaky = QemuImg.parseCheck(3, "{\"check-errors\": 0, \"leaks\": 4}");
        CheckResult broken = QemuImg.parseCheck(2, "{\"check-errors\": 0, \"corruptions\": 2, \"leaks\": 1}");

        assertThat(clean).isEqualTo(new CheckResult(0, 0, 0, 0));
        assertThat(clean.usable()).isTrue();
        assertThat(leaky.usable()).isTrue();
        assertThat(broken.corruptions()).isEqualTo(2);
        assertThat(broken.usable()).isFalse();
    }

    @Test
    void unreadableJsonIsAnInternalError() {
        assertThatThrownBy(() -> QemuImg.parseInfo(Path.of("x"), "qemu-img: oops"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void createsOverlayResizesConvertsAndChecksRealFiles() {
        Path base = dir.resolve("base.qcow2");
        Path overlay = dir.resolve("overlay.qcow2");
        qemuImg.create(base, "qcow2", 1L << 20);
        qemuImg.createOverlay(base, "qcow2", overlay, 2L << 20);
        qemuImg.resize(overlay, "qcow2", 3L << 20);
        List<Double> seen = new ArrayList<>();
        Path raw = dir.resolve("flat.raw");
        qemuImg.convert(overlay, "qcow2", raw, "raw", (f, t) -> seen.add(f));

        ImageInfo info = qemuImg.info(overlay);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(3L << 20);
        assertThat(info.backingFilename()).isEqualTo(base.toAbsolutePath().toString());
        assertThat(info.backingFormat()).isEqualTo("qcow2");
        assertThat(qemuImg.info(raw).format()).isEqualTo("raw");
        assertThat(qemuImg.info(raw).virtualSize()).isEqualTo(3L << 20);
        assertThat(seen).isNotEmpty().last().isEqualTo(1.0);
        assertThat(qemuImg.check(base, "qcow2").usable()).isTrue();
    }

    @Test
    void failuresAreOneLine() throws Exception {
        assertThatThrownBy(() -> qemuImg.info(dir.resolve("missing.qcow2")))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("disk " + dir.resolve("missing.qcow2") + " not found");
        byte[] header = new byte[512]; // qcow2 magic, then an unsupported version
        System.arraycopy(new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 99}, 0, header, 0, 8);
        Path garbage = Files.write(dir.resolve("bad.qcow2"), header);
        assertThatThrownBy(() -> qemuImg.info(garbage))
                .hasMessageStartingWith("cannot read disk " + garbage + ": ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> qemuImg.create(dir.resolve("no/such/dir/x.qcow2"), "qcow2", 1 << 20))
                .hasMessageStartingWith("cannot create disk ").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> qemuImg.convert(dir.resolve("missing"), "raw", dir.resolve("o"), "qcow2", Progress.NONE))
                .hasMessageStartingWith("qemu-img convert ").hasMessageNotContaining("\n");
    }

    @Test
    void missingBinaryIsUnavailable() {
        assertThatThrownBy(() -> new QemuImg("/nonexistent/qemu-img", Duration.ofSeconds(5)).info(dir))
                .isInstanceOfSatisfying(VireoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("qemu-img not found: install the qemu-utils package");
                });
    }

    @Test
    void checkOfARawFileIsRefused() throws Exception {
        Path raw = Files.write(dir.resolve("r.raw"), new byte[4096]);

        assertThatThrownBy(() -> qemuImg.check(raw, "raw")).hasMessageContaining("does not support checks");
    }
}
