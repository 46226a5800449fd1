package dev.vireo.network;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's dnsmasq process. It daemonizes itself and outlives the JVM; the pid file, checked
 * against {@code /proc/PID/cmdline} naming our configuration file, is how a restarted daemon finds
 * it again.
 */
final class Dnsmasq {
    private static final Logger LOG = LoggerFactory.getLogger(Dnsmasq.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final HostCommands commands;
    private final String network;
    private final NetworkDir dir;

    Dnsmasq(HostCommands commands, String network, NetworkDir dir) {
        this.commands = commands;
        this.network = network;
        this.dir = dir;
    }

    /** The pid of our running dnsmasq, empty when none runs. */
    OptionalLong pid() {
        String text = TextFiles.read(dir.pidFile());
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            return cmdline.contains("--conf-file=" + dir.dnsmasqConf()) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // no such process: a stale pid file
        }
    }

    /** Starts dnsmasq on the configuration already written; it returns once dnsmasq listens. */
    long start() {
        var r = commands.run(List.of("dnsmasq", "--conf-file=" + dir.dnsmasqConf()));
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.UNAVAILABLE,
                    "network " + network + ": dnsmasq cannot start: " + r.lastLine("dnsmasq"));
        }
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            throw new VireoException(ErrorCode.INTERNAL,
                    "network " + network + ": dnsmasq started but wrote no pid file " + dir.pidFile());
        }
        LOG.info("network {}: dnsmasq started (pid {})", network, pid.getAsLong());
        return pid.getAsLong();
    }

    /** Makes dnsmasq re-read its reservations and host names. */
    void reload(long pid) {
        var r = commands.run(List.of("kill", "-HUP", Long.toString(pid)));
        if (r.exitCode() != 0) {
            LOG.warn("network {}: cannot signal dnsmasq {}: {}", network, pid, r.lastLine("kill"));
        }
    }

    /** Stops our dnsmasq if it runs and waits until it is gone. */
    void stop() {
        OptionalLong pid = pid();
        if (pid.isPresent()) {
            ProcessHandle.of(pid.getAsLong()).ifPresent(this::terminate);
            LOG.info("network {}: dnsmasq stopped (pid {})", network, pid.getAsLong());
        }
        try {
            Files.deleteIfExists(dir.pidFile());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir.pidFile(), e.toString());
        }
    }

    private void terminate(ProcessHandle process) {
        process.destroy();
        if (!exited(process)) {
            process.destroyForcibly();
            if (!exited(process)) {
                throw new VireoException(ErrorCode.INTERNAL, "network " + network + ": dnsmasq (pid "
                        + process.pid() + ") does not stop");
            }
        }
    }

    private static boolean exited(ProcessHandle process) {
        try {
            process.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException | TimeoutException e) {
            return !process.isAlive();
        }
    }
}
