package dev.vireo.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.client.VireoClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One daemon and state dir for the whole integration run (images are built once), under a
 * short /tmp path because unix socket paths are limited to 107 bytes.
 */
public final class Vireo {
    private static Vireo instance;

    private final Path base;
    private final DaemonProcess daemon;

    private Vireo(Path base) {
        this.base = base;
        this.daemon = new DaemonProcess(base.resolve("state"), base.resolve("vireo.sock"), DaemonProcess.freePort());
    }

    public static synchronized Vireo get() {
        if (instance == null) {
            try {
                Path base = Files.createTempDirectory(Path.of("/tmp"), "vireo-it-");
                instance = new Vireo(base);
                instance.daemon.start();
                Runtime.getRuntime().addShutdownHook(new Thread(instance::cleanUp));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public DaemonProcess daemon() {
        return daemon;
    }

    public VireoClient client() {
        return daemon.client();
    }

    /** The shared daemon's S3 endpoint, "http://127.0.0.1:PORT". */
    public String s3Endpoint() {
        return daemon.s3Endpoint();
    }

    public Path base() {
        return base;
    }

    public Path instanceDir(String name) {
        return daemon.stateDir().resolve("instances").resolve(name);
    }

    /** Runs the real CLI in its own JVM against this daemon. */
    public Proc cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--socket", daemon.socket().toString()));
        all.addAll(List.of(args));
        return Proc.run(Proc.java("dev.vireo.cli.VireoCli", reorder(all)), Map.of(), null, 900);
    }

    /** picocli mixins sit on each verb: put --socket after the verb (and sub-verb). */
    private static List<String> reorder(List<String> args) {
        List<String> rest = new ArrayList<>(args.subList(2, args.size()));
        int verbs = rest.isEmpty() ? 0 : (List.of("image", "host", "operation", "snapshot", "storage", "volume",
                "backup", "network", "secgroup").contains(rest.get(0)) ? 2 : 1);
        String nested = rest.size() > 1 ? rest.get(0) + " " + rest.get(1) : "";
        if (!rest.isEmpty() && (rest.get(0).equals("s3")
                || List.of("volume snapshot", "network forward", "secgroup rule").contains(nested))) {
            // s3 key create|list|delete, volume snapshot create|list|delete|restore, network forward add|list|remove,
            // secgroup rule add|remove
            verbs = 3;
        }
        verbs = Math.min(verbs, rest.size());
        List<String> out = new ArrayList<>(rest.subList(0, verbs));
        out.addAll(args.subList(0, 2));
        out.addAll(rest.subList(verbs, rest.size()));
        return out;
    }

    public Proc cliOk(String... args) {
        Proc p = cli(args);
        assertThat(p.exit()).as("vireo %s\n%s", String.join(" ", args), p).isZero();
        return p;
    }

    public InstanceView awaitStatus(String name, InstanceStatus status) {
        await(name + " " + status.label()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> client().instance(name).status() == status);
        return client().instance(name);
    }

    /** PIDs of QEMU processes whose command line mentions this instance's directory. */
    public List<Long> qemuPids(String name) {
        String dir = instanceDir(name).toString() + "/";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").contains("qemu-system"))
                .filter(p -> cmdline(p.pid()).contains(dir))
                .map(ProcessHandle::pid).toList();
    }

    /** Alive and not a zombie (PID 1 in some sandboxes reaps slowly, so a zombie means dead). */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    public static void awaitDead(long pid) {
        await("pid " + pid + " gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !alive(pid));
    }

    public static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private void cleanUp() {
        List<String> links = new ArrayList<>();
        try (VireoClient c = client()) {
            c.instances().forEach(i -> i.nics().forEach(n -> links.add(n.hostDevice())));
            c.networks().forEach(n -> links.add(n.bridge()));
        } catch (RuntimeException e) {
            // the daemon may be down; the links it made are still removed below when known
        }
        String marker = base.toString() + "/";
        ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains(marker)).forEach(ProcessHandle::destroyForcibly);
        for (String link : links) {
            Proc.run(List.of("ip", "link", "del", link));
            Proc.run(List.of("nft", "delete", "table", "inet", "vireo_" + link.replace('-', '_')));
            Proc.run(List.of("nft", "delete", "table", "bridge", "vireo_" + link.replace('-', '_')));
        }
        try {
            dev.vireo.core.util.Files2.deleteTree(base);
        } catch (RuntimeException e) {
            // best effort at JVM exit
        }
    }
}
