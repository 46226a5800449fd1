package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirStoragePoolTest {
    @TempDir
    Path tmp;

    private final QemuImg qemuImg = new QemuImg();
    private final DirStoragePool pool = new DirStoragePool(qemuImg);
    private Image image;

    @BeforeEach
    void setUp() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("images/abc")).resolve("disk.qcow2");
        qemuImg.create(disk, "qcow2", 2L << 20);
        image = new Image("debian/12", "abc", "qcow2", disk, null, null, null, Files.size(disk), 2L << 20, "recipe:x",
                null, true, Instant.EPOCH);
    }

    @Test
    void rootDiskIsAnOverlayWithAbsoluteBackingPathAndTheSizeAsked() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("instances/web1")).resolve("root.qcow2");

        pool.createRootDisk(image, target, 8L << 20);

        ImageInfo info = qemuImg.info(target);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(8L << 20);
        assertThat(info.backingFilename()).isEqualTo(image.disk().toAbsolutePath().toString());
        assertThat(Path.of(info.backingFilename())).isAbsolute();
        assertThat(info.backingFormat()).isEqualTo("qcow2");
        assertThat(pool.virtualSize(target)).isEqualTo(8L << 20);
        try (Stream<Path> list = Files.list(target.getParent())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("root.qcow2");
        }
    }

    @Test
    void sameSizeAsTheImageIsFine() {
        Path target = tmp.resolve("root.qcow2");

        pool.createRootDisk(image, target, 2L << 20);

        assertThat(pool.virtualSize(target)).isEqualTo(2L << 20);
    }

    @Test
    void refusesADiskSmallerThanTheImage() throws Exception {
        Path target = tmp.resolve("root.qcow2");

        assertThatThrownBy(() -> pool.createRootDisk(image, target, 1L << 20))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("disk 1MiB is smaller than image debian/12 (2MiB)");
        try (Stream<Path> list = Files.list(tmp)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("images");
        }
    }

    @Test
    void refusesToReplaceAnExistingDisk() throws Exception {
        Path target = Files.writeString(tmp.resolve("root.qcow2"), "precious");

        assertThatThrownBy(() -> pool.createRootDisk(image, target, 4L << 20))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(target).hasContent("precious");
        try (Stream<Path> list = Files.list(tmp)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images", "root.qcow2");
        }
    }
}
