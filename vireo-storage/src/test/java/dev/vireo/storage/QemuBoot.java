package dev.vireo.storage;

import dev.vireo.core.image.Image;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Test helper: boots an image the way the QEMU driver does (q35, TCG, virtio) and talks QMP. */
final class QemuBoot implements AutoCloseable {
    final Process process;
    final Path serialLog;
    final Path qmpSocket;
    final int sshPort;
    final long startedNanos;

    private QemuBoot(Process process, Path serialLog, Path qmpSocket, int sshPort, long startedNanos) {
        this.process = process;
        this.serialLog = serialLog;
        this.qmpSocket = qmpSocket;
        this.sshPort = sshPort;
        this.startedNanos = startedNanos;
    }

    static QemuBoot start(Image image, Path rootDisk, Path seedIso, Path dir) throws IOException {
        int port = freePort();
        Path serial = dir.resolve("serial.log");
        Path qmp = dir.resolve("qmp.sock");
        List<String> argv = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "q35,accel=tcg", "-cpu", "max",
                "-smp", "2", "-m", "1024", "-nodefaults", "-no-user-config", "-display", "none",
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(), "-append", image.cmdline(),
                "-drive", "file=" + rootDisk + ",if=virtio,format=qcow2"));
        if (seedIso != null) {
            argv.addAll(List.of("-drive", "file=" + seedIso + ",if=virtio,format=raw,readonly=on"));
        }
        argv.addAll(List.of("-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:" + port + "-:22",
                "-device", "virtio-net-pci,netdev=net0", "-serial", "file:" + serial,
                "-device", "virtio-rng-pci", "-qmp", "unix:" + qmp + ",server=on,wait=off"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.out").toFile()).start();
        return new QemuBoot(p, serial, qmp, port, t0);
    }

    /** Seconds from QEMU start until {@code marker} shows on the serial console. */
    double awaitSerial(String marker, Duration timeout) throws Exception {
        Pattern pattern = Pattern.compile(marker);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(serialLog) && pattern.matcher(Files.readString(serialLog, StandardCharsets.ISO_8859_1)).find()) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            if (!process.isAlive()) {
                throw new AssertionError("qemu exited " + process.exitValue() + " before " + marker);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + marker + " within " + timeout + "; serial:\n" + tail());
    }

    /** Sends system_powerdown over QMP and returns the seconds until QEMU exits. */
    double powerdown(Duration timeout) throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(qmpSocket))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch);
            in.readLine();
            out.write("{\"execute\":\"qmp_capabilities\"}\n".getBytes(StandardCharsets.UTF_8));
            in.readLine();
            long t0 = System.nanoTime();
            out.write("{\"execute\":\"system_powerdown\"}\n".getBytes(StandardCharsets.UTF_8));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("guest did not power off within " + timeout + "; serial:\n" + tail());
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    String tail() throws IOException {
        if (!Files.exists(serialLog)) {
            return "(no serial log)";
        }
        String s = Files.readString(serialLog, StandardCharsets.ISO_8859_1);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
