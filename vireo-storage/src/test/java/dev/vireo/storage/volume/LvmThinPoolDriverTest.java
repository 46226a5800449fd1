package dev.vireo.storage.volume;

import dev.vireo.storage.Lvm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract against the host's LVM on a 1 GiB sparse loop file. Needs root, lvm2 and a kernel
 * with device-mapper (thin targets); skipped otherwise. Whatever fails, the VG, PV, loop device
 * and file are removed afterwards.
 */
@EnabledIf("thinLvmAvailable")
class LvmThinPoolDriverTest extends LvmThinPoolDriverContract {
    private static final Logger LOG = LoggerFactory.getLogger(LvmThinPoolDriverTest.class);

    private final String vg = "vireotest" + UUID.randomUUID().toString().substring(0, 8);
    private Path file;
    private String loop;

    @Override
    Lvm lvm() {
        return new Lvm();
    }

    @Override
    String vg() {
        return vg;
    }

    @BeforeAll
    @Override
    void createPool() {
        try {
            file = Files.createTempFile(Path.of("/var/tmp"), "vireo-lvm-", ".img");
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(1L << 30); // sparse
            }
            loop = sh("losetup", "-f", "--show", file.toString()).strip();
            sh("pvcreate", "-q", loop);
            sh("vgcreate", "-q", vg, loop);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        super.createPool();
    }

    @AfterAll
    void removeVolumeGroup() {
        // each step on its own: a failed one must not keep the later ones from running
        if (loop != null) {
            quietly("vgremove", "-f", vg);
            quietly("pvremove", "-q", loop);
            quietly("losetup", "-d", loop);
        }
        if (file != null) {
            quietly("rm", "-f", file.toString());
        }
    }

    /** Root, lvm2 and losetup, and a kernel with device-mapper (the thin targets load on demand). */
    static boolean thinLvmAvailable() {
        return "root".equals(System.getProperty("user.name")) && onPath("lvcreate") && onPath("losetup") && deviceMapper();
    }

    private static boolean deviceMapper() {
        try {
            return Files.readString(Path.of("/proc/misc")).contains("device-mapper");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        return List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin").stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static String sh(String... argv) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static void quietly(String... argv) {
        try {
            sh(argv);
        } catch (IOException e) {
            LOG.warn("cleanup: {}", e.getMessage());
        }
    }
}
