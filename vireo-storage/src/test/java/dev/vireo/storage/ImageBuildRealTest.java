package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the real recipes and boots them under QEMU (TCG). Slow and needs root, network to a
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
    void tinyBuildsInUnderAMinuteBootsInSecondsAndPowersOff() throws Exception {
        FileImageStore store = new FileImageStore(imagesDir());
        long t0 = System.nanoTime();
        Image image = store.build("tiny", true, log("tiny"));
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("tiny build: {} s, initrd {} bytes, kernel {} bytes", buildSeconds, Files.size(image.initrd()),
                Files.size(image.kernel()));
        assertThat(buildSeconds).isLessThan(60);
        assertThat(image.readyMarker()).isEqualTo("VIREO-TINY-READY");
        assertThat(image.cloudInit()).isFalse();

        long t1 = System.nanoTime();
        assertThat(store.build("tiny", false, Progress.NONE).fingerprint()).isEqualTo(image.fingerprint());
        assertThat((System.nanoTime() - t1) / 1e9).isLessThan(2);

        Path disk = tmp.resolve("root.qcow2");
        new DirStoragePool().createRootDisk(image, disk, image.virtualSizeBytes());
        try (QemuBoot vm = QemuBoot.start(image, disk, null, tmp)) {
            double ready = vm.awaitSerial(image.readyMarker(), Duration.ofSeconds(30));
            double off = vm.powerdown(Duration.ofSeconds(20));
            LOG.info("tiny: ready {} s after QEMU start, powered off {} s after system_powerdown", ready, off);
            assertThat(ready).isLessThan(10);
        }
    }

    @Test
    void debianBuildsAndFirstBootGivesHostnameSshAndFreshIdentity() throws Exception {
        FileImageStore store = new FileImageStore(imagesDir());
        long t0 = System.nanoTime();
        Image image = store.build("debian/12", Boolean.getBoolean("vireo.it.rebuild"), log("debian/12"));
        LOG.info("debian/12 build: {} s, disk {} bytes", (System.nanoTime() - t0) / 1e9, Files.size(image.disk()));
        assertThat(image.cmdline()).contains("root=/dev/vda");

        Path key = tmp.resolve("id_ed25519");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vireo-it", "-f", key.toString()));
        Path seed = seedIso(Files.readString(tmp.resolve("id_ed25519.pub")).strip());
        Path disk = tmp.resolve("root.qcow2");
        new DirStoragePool().createRootDisk(image, disk, 4L << 30);
        try (QemuBoot vm = QemuBoot.start(image, disk, seed, tmp)) {
            double ready = vm.awaitSerial(image.readyMarker(), Duration.ofSeconds(300));
            LOG.info("debian/12: cloud-init finished {} s after QEMU start", ready);
            String out = run(List.of("ssh", "-i", key.toString(), "-p", Integer.toString(vm.sshPort),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                    "-o", "ConnectTimeout=20", "debian@127.0.0.1",
                    "hostname; wc -c < /etc/machine-id; ls /etc/ssh/ | grep -c '^ssh_host_.*_key$'; "
                            + "sudo -n true && echo sudo-ok; ip -4 -o addr show eth0; systemctl is-system-running"));
            LOG.info("debian/12 guest says:\n{}", out);
            List<String> lines = out.lines().toList();
            assertThat(lines.get(0)).isEqualTo("web1");
            assertThat(Integer.parseInt(lines.get(1).strip())).isEqualTo(33);
            assertThat(Integer.parseInt(lines.get(2).strip())).isGreaterThanOrEqualTo(2);
            assertThat(out).contains("sudo-ok").contains("inet 10.0.2.15/24").contains("running");
            LOG.info("debian/12 powered off {} s after system_powerdown", vm.powerdown(Duration.ofSeconds(60)));
        }
    }

    private Path seedIso(String publicKey) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cidata"));
        Files.writeString(dir.resolve("meta-data"), "instance-id: \"iid-it-1\"\nlocal-hostname: \"web1\"\n"
                + "public-keys:\n  - \"" + publicKey + "\"\n");
        Files.writeString(dir.resolve("user-data"), "#cloud-config\n{}\n");
        Path iso = tmp.resolve("seed.iso");
        run(List.of("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString(), "-V", "cidata", "-J", "-r",
                dir.toString()));
        return iso;
    }

    private static String run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(argv.getFirst() + ": " + out).isZero();
        return out;
    }
}
