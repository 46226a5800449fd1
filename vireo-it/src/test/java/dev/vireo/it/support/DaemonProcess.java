package dev.vireo.it.support;

import static org.awaitility.Awaitility.await;

import dev.vireo.api.client.VireoClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real daemon in its own JVM, so that tests can kill -9 it like a crash. */
public final class DaemonProcess {
    private final Path stateDir;
    private final Path socket;
    private Process process;
    private int starts;

    public DaemonProcess(Path stateDir, Path socket) {
        this.stateDir = stateDir;
        this.socket = socket;
    }

    public synchronized void start() {
        try {
            Files.createDirectories(stateDir.resolve("logs"));
            Path log = stateDir.resolve("logs/daemon-" + (++starts) + ".log");
            process = new ProcessBuilder(Proc.java("dev.vireo.server.VireoDaemon",
                    List.of("--state-dir", stateDir.toString(), "--socket", socket.toString())))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await("daemon answers on " + socket).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("daemon exited: " + Files.readString(log));
                        }
                        try (VireoClient c = client()) {
                            return c.host() != null;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A crash: SIGKILL, no shutdown hooks. */
    public synchronized void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public VireoClient client() {
        return VireoClient.unix(socket);
    }

    public Path socket() {
        return socket;
    }

    public Path stateDir() {
        return stateDir;
    }
}
