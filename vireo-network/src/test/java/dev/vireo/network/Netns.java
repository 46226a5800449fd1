package dev.vireo.network;

import dev.vireo.core.util.Cmd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Scratch network namespaces for tests; {@link #close} kills their processes and deletes them. */
final class Netns implements AutoCloseable {
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final List<String> created = new ArrayList<>();
    private final List<Process> background = new ArrayList<>();

    String tag() {
        return tag;
    }

    /** Creates namespace vnt-{@code role}-TAG with lo up; returns its name. */
    String add(String role) {
        String ns = "vnt-" + role + "-" + tag;
        sh("ip", "netns", "add", ns);
        created.add(ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** A guest: a veth with end {@code hostDevice} in {@code hostNs} and eth0 ({@code mac}) in a new namespace. */
    String guest(String role, String hostNs, String hostDevice, String mac) {
        String g = add(role);
        sh("ip", "-n", hostNs, "link", "add", hostDevice, "type", "veth", "peer", "name", "eth0", "netns", g);
        sh("ip", "-n", g, "link", "set", "eth0", "address", mac, "up");
        return g;
    }

    static List<String> in(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /** Runs a command in {@code ns}. */
    static Cmd.Result exec(String ns, String... argv) {
        List<String> all = new ArrayList<>(in(ns));
        all.addAll(List.of(argv));
        return Cmd.run(all, Duration.ofSeconds(20));
    }

    /** Starts a long-running command in {@code ns}; killed on close. */
    Process spawn(String ns, String... argv) throws Exception {
        List<String> all = new ArrayList<>(in(ns));
        all.addAll(List.of(argv));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        background.add(p);
        return p;
    }

    static Cmd.Result sh(String... argv) {
        Cmd.Result r = Cmd.run(List.of(argv), Duration.ofSeconds(20));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + r.stderr().strip());
        }
        return r;
    }

    @Override
    public void close() {
        for (Process p : background) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (String ns : created.reversed()) {
            Cmd.Result pids = Cmd.run(List.of("ip", "netns", "pids", ns), Duration.ofSeconds(10));
            pids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
            Cmd.run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
        }
    }
}
