package dev.vireo.core.util;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a host tool: stdin from /dev/null (mmdebstrap reads sources from a non-tty stdin), both
 * output streams captured (and optionally passed on line by line, '\r' ends a line too so
 * progress meters show), a timeout, and the whole process tree killed on timeout or interrupt.
 */
public final class Cmd {
    private static final Logger LOG = LoggerFactory.getLogger(Cmd.class);
    private static final int KEEP_CHARS = 64 * 1024;
    private static final Map<String, String> PACKAGE_OF = Map.ofEntries(
            Map.entry("qemu-img", "qemu-utils"),
            Map.entry("mkfs.ext4", "e2fsprogs"),
            Map.entry("mmdebstrap", "mmdebstrap"),
            Map.entry("apt-get", "apt"),
            Map.entry("apt-cache", "apt"),
            Map.entry("dpkg-deb", "dpkg"),
            Map.entry("umount", "mount"),
            Map.entry("nft", "nftables"),
            Map.entry("dnsmasq", "dnsmasq-base"),
            Map.entry("ip", "iproute2"),
            Map.entry("bridge", "iproute2"),
            Map.entry("dhcp_release", "dnsmasq-utils"),
            Map.entry("sysctl", "procps"));

    /** What a finished command printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result {
            Objects.requireNonNull(stdout);
            Objects.requireNonNull(stderr);
        }

        /** The last non-blank line of stderr (else stdout), without the tool's "name: " prefix. */
        public String lastLine(String tool) {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            String last = lines.isEmpty() ? "exit code " + exitCode : lines.getLast();
            return last.startsWith(tool + ": ") ? last.substring(tool.length() + 2) : last;
        }
    }

    private Cmd() {}

    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, timeout, null, null);
    }

    /** Runs {@code argv} and throws a one-line INTERNAL error naming {@code what} when it exits non-zero. */
    public static Result check(String what, List<String> argv, Duration timeout, Path cwd, Consumer<String> lines) {
        Result r = run(argv, timeout, cwd, lines);
        if (r.exitCode() != 0) {
            String tool = Path.of(argv.getFirst()).getFileName().toString();
            LOG.warn("{} failed ({}): {}\n{}", what, r.exitCode(), r.stdout().strip(), r.stderr().strip());
            throw new VireoException(ErrorCode.INTERNAL, what + " failed: " + r.lastLine(tool));
        }
        return r;
    }

    public static Result run(List<String> argv, Duration timeout, Path cwd, Consumer<String> lines) {
        String tool = Path.of(argv.getFirst()).getFileName().toString();
        LOG.debug("run {}", argv);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("PATH", withSbin(pb.environment().getOrDefault("PATH", "")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE, tool + " not found: install the "
                    + PACKAGE_OF.getOrDefault(tool, tool) + " package", e);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread outReader = Thread.ofVirtual().start(() -> pump(process.getInputStream(), out, lines));
        Thread errReader = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), err, lines));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new VireoException(ErrorCode.TIMEOUT, tool + " did not finish within " + human(timeout));
            }
            // a daemon the tool left behind may hold the pipes open; do not wait for it forever
            outReader.join(Duration.ofSeconds(10));
            errReader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, tool + " was interrupted", e);
        }
        synchronized (out) {
            synchronized (err) {
                return new Result(process.exitValue(), out.toString(), err.toString());
            }
        }
    }

    private static void pump(InputStream stream, StringBuilder keep, Consumer<String> lines) {
        StringBuilder line = new StringBuilder();
        try (Reader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            int c;
            while ((c = reader.read()) != -1) {
                synchronized (keep) {
                    keep.append((char) c);
                    if (keep.length() > 2 * KEEP_CHARS) {
                        keep.delete(0, keep.length() - KEEP_CHARS); // only the tail matters for errors
                    }
                }
                if (c == '\n' || c == '\r') {
                    emit(line, lines);
                } else {
                    line.append((char) c);
                }
            }
            emit(line, lines);
        } catch (IOException e) {
            LOG.debug("output stream closed: {}", e.toString());
        }
    }

    private static void emit(StringBuilder line, Consumer<String> lines) {
        if (lines != null && !line.isEmpty()) {
            try {
                lines.accept(line.toString());
            } catch (RuntimeException e) {
                LOG.warn("output line handler failed: {}", e.toString());
            }
        }
        line.setLength(0);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String withSbin(String path) {
        StringBuilder result = new StringBuilder(path);
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (!List.of(path.split(":")).contains(dir)) {
                result.append(result.isEmpty() ? "" : ":").append(dir);
            }
        }
        return result.toString();
    }

    private static String human(Duration d) {
        return d.toMinutes() >= 2 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
