package dev.vireo.core.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Reads host facts from /proc, /sys, /dev/kvm and the installed QEMU; paths are injectable for tests. */
public final class HostProbe {
    private final Path root;

    /** {@code root} is "/" on a real host; tests point it at a fake tree. */
    public HostProbe(Path root) {
        this.root = root;
    }

    public HostFacts probe() {
        List<String> cpuinfo = readLines("proc/cpuinfo");
        Path kvm = root.resolve("dev/kvm");
        boolean kvmExists = Files.exists(kvm);
        return new HostFacts(hostname(), field(cpuinfo, "model name"), flags(cpuinfo), cores(cpuinfo),
                memoryBytes(), kvmExists, kvmExists ? openError(kvm) : null, cgroupMode(),
                version("qemu-system-x86_64"), version("qemu-img"));
    }

    private List<String> readLines(String path) {
        try {
            return Files.readAllLines(root.resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "unknown";
    }

    private static Set<String> flags(List<String> cpuinfo) {
        String flags = field(cpuinfo, "flags");
        return flags.equals("unknown") ? Set.of() : new HashSet<>(List.of(flags.split("\\s+")));
    }

    private static int cores(List<String> cpuinfo) {
        int n = (int) cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    private long memoryBytes() {
        String kb = field(readLines("proc/meminfo"), "MemTotal").replace("kB", "").trim();
        try {
            return Long.parseLong(kb) * 1024;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String openError(Path kvm) {
        try (RandomAccessFile f = new RandomAccessFile(kvm.toFile(), "rw")) {
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private String cgroupMode() {
        Path cg = root.resolve("sys/fs/cgroup");
        if (Files.exists(cg.resolve("cgroup.controllers"))) {
            return "v2 (unified)";
        }
        if (Files.isDirectory(cg.resolve("unified"))) {
            return "hybrid (v1 + v2)";
        }
        return Files.isDirectory(cg.resolve("memory")) ? "v1" : "none";
    }

    private String hostname() {
        try {
            return Files.readString(root.resolve("proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "unknown";
            }
        }
    }

    private static String version(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            String first = out.lines().findFirst().orElse("");
            return first.isBlank() ? "not installed" : first.trim();
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
