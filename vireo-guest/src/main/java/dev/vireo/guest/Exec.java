package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one host tool with stdin from /dev/null, a timeout, and its output kept as bytes: guest
 * file names are bytes, so debugfs output is read as ISO-8859-1 (one char per byte) and written
 * back the same way.
 */
final class Exec {
    private static final Logger LOG = LoggerFactory.getLogger(Exec.class);
    private static final Map<String, String> PACKAGE_OF = Map.of("qemu-storage-daemon", "qemu-system-common",
            "debugfs", "e2fsprogs", "e2fsck", "e2fsprogs", "sfdisk", "fdisk", "ssh-keygen", "openssh-client",
            "umount", "mount");

    /** What a finished command printed. */
    record Result(int exitCode, byte[] stdout, byte[] stderr) {
        Result {
            Objects.requireNonNull(stdout);
            Objects.requireNonNull(stderr);
        }

        /** Stdout with one char per byte, so names round-trip exactly. */
        String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }

        String err() {
            return new String(stderr, StandardCharsets.ISO_8859_1);
        }

        /** Stderr lines that are not the tool's version banner. */
        List<String> errorLines() {
            return err().lines().map(String::strip).filter(l -> !l.isEmpty() && !isBanner(l)).toList();
        }

        /** The last line of stderr (else stdout) that says something, for a one-line error. */
        String lastLine() {
            List<String> lines = errorLines();
            if (lines.isEmpty()) {
                lines = out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            }
            return lines.isEmpty() ? "exit code " + exitCode : lines.getLast();
        }

        private static boolean isBanner(String line) {
            return line.matches("(debugfs|e2fsck) \\d+\\.\\d+.*\\(.*\\)");
        }
    }

    private final Duration timeout;

    Exec(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
    }

    Result run(List<String> argv) {
        return run(argv, null);
    }

    /**
     * Runs {@code argv}; with a {@code log} file both streams go there instead (for a tool that
     * daemonizes and could keep our pipes open) and the result holds no output.
     */
    Result run(List<String> argv, Path log) {
        String tool = toolName(argv.getFirst());
        LOG.debug("run {}", argv);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        if (log != null) {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE, tool + " not found: install the "
                    + PACKAGE_OF.getOrDefault(tool, tool) + " package", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
        Thread errReader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new VireoException(ErrorCode.TIMEOUT, tool + " did not finish within " + timeout.toSeconds() + " s");
            }
            outReader.join(Duration.ofSeconds(10));
            errReader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, tool + " was interrupted", e);
        }
        synchronized (out) {
            synchronized (err) {
                return new Result(process.exitValue(), out.toByteArray(), err.toByteArray());
            }
        }
    }

    /** Runs {@code argv} and throws a one-line INTERNAL error naming {@code what} when it exits non-zero. */
    Result check(String what, List<String> argv) {
        Result r = run(argv);
        if (r.exitCode() != 0) {
            LOG.warn("{} failed ({}): {}", what, r.exitCode(), r.err().strip());
            throw new VireoException(ErrorCode.INTERNAL, what + " failed: " + withoutPrefix(argv.getFirst(), r.lastLine()));
        }
        return r;
    }

    static String toolName(String binary) {
        return Path.of(binary).getFileName().toString();
    }

    static String withoutPrefix(String binary, String line) {
        String prefix = toolName(binary) + ": ";
        return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
    }

    private static void drain(InputStream stream, ByteArrayOutputStream keep) {
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) != -1) {
                synchronized (keep) {
                    keep.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("output stream closed: {}", e.toString());
        }
    }
}
