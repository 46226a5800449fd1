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
    private final int s3Port;
    private Process process;
    private int starts;

    public DaemonProcess(Path stateDir, Path socket) {
        this(stateDir, socket, 0);
    }

    /** With {@code s3Port > 0} the daemon also serves S3 on 127.0.0.1:s3Port. */
    public DaemonProcess(Path stateDir, Path socket, int s3Port) {
        this.stateDir = stateDir;
        this.socket = socket;
        this.s3Port = s3Port;
    }

    /** A free loopback TCP port (free now; the daemon binds it soon after). */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        try {
            Files.createDirectories(stateDir.resolve("logs"));
            Path log = stateDir.resolve("logs/daemon-" + (++starts) + ".log");
            List<String> args = new java.util.ArrayList<>(
                    List.of("--state-dir", stateDir.toString(), "--socket", socket.toString()));
            if (s3Port > 0) {
                args.addAll(List.of("--s3-listen", "127.0.0.1:" + s3Port));
            }
            process = new ProcessBuilder(Proc.java("dev.vireo.server.VireoDaemon", args))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await("daemon answers on " + socket).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("daemon exited: " + Files.readString(log));
                        }
                        try (VireoClient c = client()) {
                            if (c.host() == null) {
                                return false;
                            }
                        }
                        if (s3Port > 0) {
                            new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), s3Port).close();
                        }
                        return true;
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

    /** The S3 endpoint, e.g. "http://127.0.0.1:PORT" (only when started with an S3 port). */
    public String s3Endpoint() {
        if (s3Port <= 0) {
            throw new IllegalStateException("this daemon serves no S3 endpoint");
        }
        return "http://127.0.0.1:" + s3Port;
    }

    public Path stateDir() {
        return stateDir;
    }
}
