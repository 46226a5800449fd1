package dev.vireo.qemu;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.instance.InstancePaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches QEMU with {@code -daemonize}: the foreground process exits once the guest is set up
 * (sockets listening, pidfile written) and the guest process lives on in its own session, child of
 * init, so the daemon's death never reaches it. Failures leave no process and no sockets behind.
 */
final class QemuProcess {
    private static final Logger LOG = LoggerFactory.getLogger(QemuProcess.class);
    private static final int MAX_MESSAGE = 300;

    private final Duration launchTimeout;

    QemuProcess(Duration launchTimeout) {
        this.launchTimeout = launchTimeout;
    }

    /** Runs {@code argv} and returns the daemonized QEMU; its stderr goes to qemu.log, as after daemonizing. */
    QemuPid launch(List<String> argv, InstancePaths paths, UUID uuid) {
        Process foreground;
        try {
            Files.createDirectories(paths.dir());
            foreground = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(paths.qemuLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        int status = awaitForeground(foreground, paths, uuid);
        if (status != 0) {
            cleanUpFailedStart(paths, uuid);
            String message = errorMessage(readLog(paths.qemuLog()), argv.getFirst(), status);
            throw new VireoException(ErrorCode.INTERNAL, message);
        }
        return livePid(paths, uuid).orElseThrow(() -> {
            cleanUpFailedStart(paths, uuid);
            return new VireoException(ErrorCode.INTERNAL, "qemu reported a successful start but is not running");
        });
    }

    private int awaitForeground(Process foreground, InstancePaths paths, UUID uuid) {
        try {
            if (foreground.waitFor(launchTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return foreground.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        foreground.destroyForcibly();
        cleanUpFailedStart(paths, uuid);
        throw new VireoException(ErrorCode.TIMEOUT,
                "qemu did not finish starting within " + launchTimeout.toSeconds() + " s");
    }

    private static void cleanUpFailedStart(InstancePaths paths, UUID uuid) {
        livePid(paths, uuid).ifPresent(QemuPid::killAndWait);
        removeRuntimeFiles(paths);
    }

    /** The QEMU named by the pidfile, if that process is alive and really this instance's QEMU. */
    static Optional<QemuPid> livePid(InstancePaths paths, UUID uuid) {
        return pidFromFile(paths.pidFile(), uuid).filter(QemuPid::alive);
    }

    static Optional<QemuPid> pidFromFile(Path pidFile, UUID uuid) {
        try {
            return Optional.of(new QemuPid(Long.parseLong(Files.readString(pidFile).strip()), uuid));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Deletes what a running QEMU owns (sockets, pidfile); disks, serial.log and logs stay. */
    static void removeRuntimeFiles(InstancePaths paths) {
        for (Path file : List.of(paths.qmpSocket(), paths.consoleSocket(), paths.pidFile())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", file, e.toString());
            }
        }
    }

    private static List<String> readLog(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The most telling line QEMU printed: its last error, else its last warning, else the exit status. */
    static String errorMessage(List<String> log, String binary, int status) {
        String prefix = Path.of(binary).getFileName() + ": ";
        String warning = null;
        String error = null;
        for (String line : log) {
            if (line.startsWith(prefix)) {
                String text = line.substring(prefix.length()).strip();
                if (text.startsWith("warning:")) {
                    warning = text;
                } else {
                    error = text;
                }
            }
        }
        String message = error != null ? error : warning != null ? warning : "qemu exited with status " + status;
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }
}
