package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the tiny recipe and boots it under QEMU (TCG); debian/12 is built and booted, with
 * real cloud-init, by vireo-it's DebianCloudInitIT (building it twice per run cost ~100 s). Slow and needs root, network to a
 * Debian mirror and qemu-system-x86: runs only with {@code -Dvireo.it=true}. Set
 * {@code -Dvireo.it.images=DIR} to keep the images (and reuse cached builds) between runs.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class ImageBuildRealTest {
    private static final Logger LOG = LoggerFactory.getLogger(ImageBuildRealTest.class);

    @TempDir
    Path tmp;

    private Path imagesDir() {
        String keep = System.getProperty("vireo.it.images");
        return keep != null ? Path.of(keep) : tmp.resolve("images");
    }

    private static Progress log(String what) {
        return (fraction, text) -> LOG.info("{} {}% {}", what, Math.round(fraction * 100), text);
    }

    @Test
    void tinyBuildsIsCachedBootsAndPowersOff() throws Exception {
        FileImageStore store = new FileImageStore(imagesDir());
        long t0 = System.nanoTime();
        Image image = store.build("tiny", true, log("tiny"));
        LOG.info("tiny build: {} s, initrd {} bytes, kernel {} bytes", (System.nanoTime() - t0) / 1e9,
                Files.size(image.initrd()), Files.size(image.kernel()));
        assertThat(image.readyMarker()).isEqualTo("VIREO-TINY-READY");
        assertThat(image.cloudInit()).isFalse();

        // a cache hit returns the same files untouched
        var built = Files.getLastModifiedTime(image.initrd());
        Image cached = store.build("tiny", false, Progress.NONE);
        assertThat(cached.fingerprint()).isEqualTo(image.fingerprint());
        assertThat(cached.initrd()).isEqualTo(image.initrd());
        assertThat(Files.getLastModifiedTime(cached.initrd())).isEqualTo(built);

        Path disk = tmp.resolve("root.qcow2");
        new DirStoragePool().createRootDisk(image, disk, image.virtualSizeBytes());
        try (QemuBoot vm = QemuBoot.start(image, disk, null, tmp)) {
            double ready = vm.awaitSerial(image.readyMarker(), Duration.ofSeconds(30));
            double off = vm.powerdown(Duration.ofSeconds(20));
            LOG.info("tiny: ready {} s after QEMU start, powered off {} s after system_powerdown", ready, off);
        }
    }
}
