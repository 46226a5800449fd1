package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.InstanceStatus;
import dev.vireo.it.support.GuestConsole;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.TinyShell;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Snapshots on the tiny guest, driven through its serial console: a memory snapshot resumes a
 * counting guest exactly where it was; disk snapshots of a running and a stopped guest restore
 * the disk's content; linked clones pin their snapshot and their source.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class TinySnapshotIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String COUNT = "COUNT (\\d+) UP";

    private final Vireo vireo = Vireo.get();

    @Test
    void memorySnapshotResumesTheGuestWhereItWas() throws Exception {
        vireo.cliOk("launch", "tiny", "mem1", "--memory", "256MiB", "--cpus", "1");
        GuestConsole console = new GuestConsole(vireo.instanceDir("mem1"));
        long start = console.size();
        console.type("i=0; while true; do i=$((i+1)); echo \"COUNT $i UP $(cut -d' ' -f1 /proc/uptime)\";"
                + " sleep 0.2; done &");
        console.await(start, "COUNT (10) UP", WAIT);

        // the guest is paused for the snapshot somewhere between these two counts (the CLI's exit takes a while)
        int beforeSnapshot = Integer.parseInt(console.last(start, COUNT));
        double uptimeBeforeSnapshot = uptime(console.last(start, "COUNT " + beforeSnapshot + " UP ([0-9.]+)"));
        vireo.cliOk("snapshot", "create", "mem1", "s1", "--memory");
        int atSnapshot = Integer.parseInt(console.last(start, COUNT));
        double uptimeAtSnapshot = uptime(console.last(start, "COUNT " + atSnapshot + " UP ([0-9.]+)"));
        console.await(start, "COUNT (" + (atSnapshot + 25) + ") UP", WAIT);
        double uptimeBefore = uptime(console.last(start, "COUNT \\d+ UP ([0-9.]+)"));

        long beforeRestore = console.size();
        vireo.cliOk("snapshot", "restore", "mem1", "s1");
        assertThat(vireo.client().instance("mem1").status()).isEqualTo(InstanceStatus.RUNNING);
        // the old guest may print a few more lines before it is stopped; the restored one counts on from lower
        org.awaitility.Awaitility.await("the counter restarts from the snapshot").atMost(WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> firstDrop(console.since(start)) > 0);
        int resumedAt = firstDrop(console.since(start));
        double uptimeResumed = uptime(console.await(beforeRestore, "COUNT " + resumedAt + " UP ([0-9.]+)", WAIT));
        // the counter goes on from the snapshot's value, not from zero nor from where it was before the restore
        assertThat(resumedAt).isBetween(beforeSnapshot, atSnapshot + 3);
        assertThat(uptimeResumed).isLessThan(uptimeBefore).isBetween(uptimeBeforeSnapshot - 1, uptimeAtSnapshot + 2);
        assertThat(console.since(beforeRestore)).doesNotContain("VIREO-TINY-READY"); // resumed, not booted

        JsonNode list = new ObjectMapper().readTree(vireo.cliOk("snapshot", "list", "mem1", "--json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("s1");
        assertThat(list.get(0).get("memory").asBoolean()).isTrue();
        assertThat(list.get(0).get("live").asBoolean()).isTrue();

        // saved memory fits only the hardware it was taken on
        vireo.cliOk("stop", "mem1", "--force");
        assertThat(vireo.cliOk("set", "mem1", "--memory", "384MiB").out()).contains("384");
        Proc changed = vireo.cli("snapshot", "restore", "mem1", "s1");
        assertThat(changed.exit()).as(changed.toString()).isEqualTo(5);
        assertThat(changed.err()).contains("memory=268435456").contains("memory=402653184");
        assertThat(vireo.client().instance("mem1").status()).isEqualTo(InstanceStatus.STOPPED);

        vireo.cliOk("delete", "mem1", "--force");
        assertThat(Files.exists(vireo.instanceDir("mem1"))).isFalse();
    }

    @Test
    void diskSnapshotsRestoreTheDiskAndLinkedClonesPinThem() throws Exception {
        vireo.cliOk("launch", "tiny", "disk1", "--memory", "256MiB", "--cpus", "1");
        GuestConsole console = new GuestConsole(vireo.instanceDir("disk1"));
        writeDisk(console, "AAAA");

        vireo.cliOk("snapshot", "create", "disk1", "live1"); // running: crash-consistent, no pause
        assertThat(vireo.client().instance("disk1").status()).isEqualTo(InstanceStatus.RUNNING);
        writeDisk(console, "BBBB");
        assertThat(readDisk(console)).isEqualTo("BBBB");

        vireo.cliOk("snapshot", "restore", "disk1", "live1"); // the guest restarts on the old disk
        assertThat(vireo.client().instance("disk1").status()).isEqualTo(InstanceStatus.RUNNING);
        console.await(0, "VIREO-TINY-READY", WAIT);
        awaitShell(console);
        assertThat(readDisk(console)).isEqualTo("AAAA");

        // deleting a snapshot of a running guest: QEMU streams its layer into the top, the guest runs on
        long layersBefore = layers("disk1");
        vireo.cliOk("snapshot", "create", "disk1", "tmp1");
        writeDisk(console, "CCCC");
        assertThat(layers("disk1")).isEqualTo(layersBefore + 1);
        vireo.cliOk("snapshot", "delete", "disk1", "tmp1");
        assertThat(layers("disk1")).isEqualTo(layersBefore);
        assertThat(vireo.client().instance("disk1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(readDisk(console)).isEqualTo("CCCC");
        writeDisk(console, "AAAA");

        vireo.cliOk("stop", "disk1", "--force");
        vireo.cliOk("snapshot", "create", "disk1", "cold1");
        Proc dup = vireo.cli("snapshot", "create", "disk1", "cold1");
        assertThat(dup.exit()).as(dup.toString()).isEqualTo(4);
        assertThat(dup.err()).contains("snapshot cold1 of disk1 already exists");
        Proc bad = vireo.cli("snapshot", "create", "disk1", "../x");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
        Proc memoryOfStopped = vireo.cli("snapshot", "create", "disk1", "m", "--memory");
        assertThat(memoryOfStopped.exit()).as(memoryOfStopped.toString()).isEqualTo(5);
        assertThat(vireo.cliOk("snapshot", "list", "disk1").out()).contains("live1").contains("cold1");

        // a linked clone pins the snapshot it builds on, and its source
        vireo.cliOk("clone", "disk1", "disk2", "--linked", "--snapshot", "cold1");
        Proc pinned = vireo.cli("snapshot", "delete", "disk1", "cold1");
        assertThat(pinned.exit()).as(pinned.toString()).isEqualTo(5);
        assertThat(pinned.err()).contains("linked clone disk2");
        Proc source = vireo.cli("delete", "disk1");
        assertThat(source.exit()).as(source.toString()).isEqualTo(5);
        assertThat(source.err()).contains("disk2");

        vireo.cliOk("start", "disk2");
        GuestConsole clone = new GuestConsole(vireo.instanceDir("disk2"));
        clone.await(0, "VIREO-TINY-READY", WAIT);
        awaitShell(clone);
        assertThat(readDisk(clone)).isEqualTo("AAAA");
        assertThat(vireo.client().instance("disk2").uuid()).isNotEqualTo(vireo.client().instance("disk1").uuid());
        assertThat(Vireo.cmdline(vireo.client().instance("disk2").pid())).doesNotContain(
                vireo.client().instance("disk1").uuid());
        vireo.cliOk("delete", "disk2", "--force");

        // with the clone gone, deleting snapshots merges their layers away
        vireo.cliOk("snapshot", "delete", "disk1", "cold1");
        vireo.cliOk("snapshot", "delete", "disk1", "live1");
        assertThat(vireo.client().snapshots("disk1")).isEmpty();
        try (Stream<Path> files = Files.list(vireo.instanceDir("disk1"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".qcow2")).count()).as("one layer left").isEqualTo(1);
        }
        vireo.cliOk("start", "disk1");
        GuestConsole again = new GuestConsole(vireo.instanceDir("disk1"));
        long offset = again.size();
        again.await(offset, "VIREO-TINY-READY", WAIT);
        awaitShell(again);
        assertThat(readDisk(again)).isEqualTo("AAAA");
        vireo.cliOk("delete", "disk1", "--force");
    }

    private long layers(String name) throws java.io.IOException {
        try (Stream<Path> files = Files.list(vireo.instanceDir(name))) {
            return files.filter(f -> f.toString().endsWith(".qcow2")).count();
        }
    }

    private static void writeDisk(GuestConsole console, String text) {
        new TinyShell(console).writeMark("/dev/vda", text);
    }

    private static String readDisk(GuestConsole console) {
        return new TinyShell(console).readMark("/dev/vda");
    }

    private static void awaitShell(GuestConsole console) {
        new TinyShell(console).awaitShell();
    }

    /** The first COUNT value lower than the one printed before it, or -1. */
    private static int firstDrop(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(COUNT).matcher(output);
        int previous = -1;
        while (m.find()) {
            int value = Integer.parseInt(m.group(1));
            if (previous >= 0 && value < previous) {
                return value;
            }
            previous = value;
        }
        return -1;
    }

    private static double uptime(String s) {
        return Double.parseDouble(s);
    }
}
