package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A qcow2 disk (with its backing chain) seen as one raw file: qemu-storage-daemon exports it
 * over FUSE onto an empty file in a private directory. Reads and writes go through QEMU's block
 * layer in user space, so the guest filesystem never reaches the host kernel's fs code, and
 * writes land in the top image only. Closing stops the daemon, which removes the mount.
 */
final class FuseExport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FuseExport.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final Exec exec;
    private final Path disk;
    private final Path raw;
    private final long pid;

    private FuseExport(Exec exec, Path disk, Path raw, long pid) {
        this.exec = exec;
        this.disk = disk;
        this.raw = raw;
        this.pid = pid;
    }

    /** Exports {@code disk} read-write onto {@code dir}/disk.raw; {@code dir} must be private (0700). */
    static FuseExport start(Exec exec, String qemuStorageDaemon, Path disk, Path dir) {
        Path raw = dir.resolve("disk.raw");
        Path pidFile = dir.resolve("qsd.pid");
        Path log = dir.resolve("qsd.log");
        try {
            Files.createFile(raw);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create " + raw + ": " + e.getMessage(), e);
        }
        List<String> argv = List.of(qemuStorageDaemon,
                "--blockdev", "driver=file,node-name=f,filename=" + option(disk.toAbsolutePath()),
                "--blockdev", "driver=qcow2,node-name=q,file=f",
                "--export", "type=fuse,id=e,node-name=q,mountpoint=" + option(raw) + ",writable=on",
                "--daemonize", "--pidfile", pidFile.toString());
        Exec.Result r = exec.run(argv, log);
        if (r.exitCode() != 0) {
            List<String> lines = logLines(log);
            Optional<String> lock = lines.stream().filter(l -> l.contains("Failed to get") && l.contains("lock")).findFirst();
            if (lock.isPresent()) { // QEMU's image lock: a VM (or another edit) has the disk open
                throw new VireoException(ErrorCode.BUSY, "disk " + disk + " is in use: " + lock.get().replaceFirst(".*: ", ""));
            }
            String last = lines.isEmpty() ? "exit code " + r.exitCode() : lines.getLast();
            throw new VireoException(ErrorCode.INTERNAL, "cannot export disk " + disk + ": "
                    + Exec.withoutPrefix(qemuStorageDaemon, last));
        }
        long pid = readPid(pidFile);
        FuseExport export = new FuseExport(exec, disk, raw, pid);
        if (!Mounts.isMountPoint(raw)) {
            export.close();
            throw new VireoException(ErrorCode.INTERNAL, "qemu-storage-daemon exported no FUSE file for disk " + disk);
        }
        LOG.debug("exported {} on {} (qemu-storage-daemon pid {})", disk, raw, pid);
        return export;
    }

    /** The raw view of the disk. */
    Path file() {
        return raw;
    }

    /** Stops the daemon (SIGTERM: it flushes and unmounts) and waits until it and its mount are gone. */
    @Override
    public void close() {
        Optional<ProcessHandle> qsd = ProcessHandle.of(pid).filter(h -> isOurs());
        qsd.ifPresent(ProcessHandle::destroy);
        if (!waitGone(STOP_WAIT)) {
            LOG.warn("qemu-storage-daemon {} for {} did not stop on SIGTERM; killing it", pid, disk);
            qsd.ifPresent(ProcessHandle::destroyForcibly);
            waitGone(Duration.ofSeconds(5));
        }
        if (Mounts.isMountPoint(raw)) { // only after a kill: the FUSE mount outlived its server
            exec.run(List.of("umount", "-l", raw.toString()));
        }
        if (isRunning() || Mounts.isMountPoint(raw)) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot stop qemu-storage-daemon " + pid + " exporting " + disk);
        }
    }

    private boolean waitGone(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (isRunning() || Mounts.isMountPoint(raw)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** A zombie counts as stopped: PID 1 may reap the re-parented daemon late. */
    private boolean isRunning() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X") && isOurs();
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The pid is still our daemon (not a reused pid): its command line names our mount point. */
    private boolean isOurs() {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(cmdline, StandardCharsets.ISO_8859_1).contains("mountpoint=" + option(raw));
        } catch (IOException e) {
            return false;
        }
    }

    /** QEMU option syntax: a comma in a value is written twice. */
    static String option(Path path) {
        return path.toString().replace(",", ",,");
    }

    private static long readPid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            throw new VireoException(ErrorCode.INTERNAL, "qemu-storage-daemon wrote no pid file: " + e.getMessage(), e);
        }
    }

    private static List<String> logLines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().map(String::strip).filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
