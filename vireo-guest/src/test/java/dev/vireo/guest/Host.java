package dev.vireo.guest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test helpers that run host tools directly, independent of the code under test. */
final class Host {
    static final List<String> TOOLS = List.of("qemu-storage-daemon", "qemu-img", "debugfs", "e2fsck", "mkfs.ext4",
            "sfdisk", "ssh-keygen");

    private Host() {}

    /** Root with a usable /dev/fuse and every tool present: what the real-tool tests need. */
    static boolean canEditDisks() {
        return Files.isWritable(Path.of("/dev/fuse")) && TOOLS.stream().allMatch(Host::onPath);
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** Runs a command; fails the test on a non-zero exit. Returns stdout (one char per byte). */
    static String run(String... argv) {
        Result r = tryRun(argv);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed (" + r.exitCode() + "): " + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static Result tryRun(String... argv) {
        try {
            Path out = Files.createTempFile("host-out", ".txt");
            Path err = Files.createTempFile("host-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
                pb.environment().put("LC_ALL", "C");
                Process p = pb.start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", argv) + " timed out");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                        Files.readString(err, StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** qemu-storage-daemon processes whose command line mentions {@code dir}: there must be none after an edit. */
    static List<Long> daemonsUnder(Path dir) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    return !zombie && cmd.contains("qemu-storage-daemon") && cmd.contains(dir.toString());
                } catch (IOException | RuntimeException e) {
                    return false; // gone meanwhile
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static boolean anyMountUnder(Path dir) {
        try {
            return Mounts.mountPoints(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.ISO_8859_1))
                    .stream().anyMatch(m -> m.startsWith(dir.toString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
