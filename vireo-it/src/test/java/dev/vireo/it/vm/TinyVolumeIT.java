package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.BackupView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.it.support.GuestConsole;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.TinyShell;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Block volumes and backups on the tiny guest, checked from inside it through its serial
 * console: a volume hot-plugs in and out of a running guest, grows online, keeps its data across
 * detach/attach and a daemon crash; backups of a running guest form a chain whose every point
 * restores.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class TinyVolumeIT {
    private final Vireo vireo = Vireo.get();

    private TinyShell launch(String name) {
        vireo.cliOk("launch", "tiny", name, "--memory", "256MiB", "--cpus", "1");
        return new TinyShell(new GuestConsole(vireo.instanceDir(name))).awaitShell();
    }

    private static String sectors(TinyShell shell, String disk) {
        return shell.run("echo \"SIZE[$(cat /sys/block/" + disk + "/size 2>/dev/null || echo none)]\"",
                "SIZE\\[(\\w+)\\]");
    }

    @Test
    void aVolumeHotPlugsGrowsOnlineAndKeepsItsData() throws Exception {
        vireo.cliOk("volume", "create", "vol1", "--size", "64MiB");
        TinyShell shell = launch("hot1");
        assertThat(sectors(shell, "vdb")).isEqualTo("none");

        assertThat(vireo.cliOk("volume", "attach", "hot1", "vol1").out()).contains("vol1");
        org.awaitility.Awaitility.await("the guest sees the new disk").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !sectors(shell, "vdb").equals("none"));
        assertThat(sectors(shell, "vdb")).isEqualTo(Long.toString((64L << 20) / 512));
        assertThat(shell.run("echo \"SERIAL[$(cat /sys/block/vdb/serial)]\"", "SERIAL\\[([\\w-]*)\\]"))
                .isEqualTo("vol1");
        shell.writeMark("/dev/vdb", "VVVV");

        vireo.cliOk("volume", "resize", "vol1", "--size", "128MiB");
        org.awaitility.Awaitility.await("the guest sees the larger disk").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> sectors(shell, "vdb").equals(Long.toString((128L << 20) / 512)));

        Proc inUse = vireo.cli("volume", "delete", "vol1");
        assertThat(inUse.exit()).as(inUse.toString()).isEqualTo(5);
        assertThat(inUse.err()).contains("attached to hot1");

        vireo.cliOk("volume", "detach", "hot1", "vol1");
        assertThat(sectors(shell, "vdb")).as("gone from the guest once detach returns").isEqualTo("none");
        vireo.cliOk("volume", "attach", "hot1", "vol1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !sectors(shell, "vdb").equals("none"));
        assertThat(shell.readMark("/dev/vdb")).isEqualTo("VVVV");

        // the daemon dies and comes back: the guest keeps its disk and the volume is still managed
        long pid = vireo.client().instance("hot1").pid();
        vireo.daemon().kill9();
        vireo.daemon().start();
        assertThat(vireo.client().instance("hot1").pid()).isEqualTo(pid);
        JsonNode list = new ObjectMapper().readTree(vireo.cliOk("volume", "list", "--json").out());
        assertThat(list.findValuesAsText("instance")).contains("hot1");
        assertThat(shell.readMark("/dev/vdb")).isEqualTo("VVVV");
        vireo.cliOk("volume", "detach", "hot1", "vol1");
        assertThat(sectors(shell, "vdb")).isEqualTo("none");

        // a stopped instance gets its volumes at boot, on the same slot
        vireo.cliOk("volume", "attach", "hot1", "vol1");
        vireo.cliOk("stop", "hot1", "--force");
        vireo.cliOk("start", "hot1");
        TinyShell again = new TinyShell(new GuestConsole(vireo.instanceDir("hot1"))).awaitShell();
        assertThat(again.readMark("/dev/vdb")).isEqualTo("VVVV");

        vireo.cliOk("delete", "hot1", "--force");
        assertThat(vireo.client().volume("vol1").instance()).as("deleting the instance detaches").isNull();
        vireo.cliOk("volume", "delete", "vol1");
        assertThat(Files.exists(vireo.base().resolve("pools/default/vol1.qcow2"))).isFalse();
    }

    @Test
    void backupsOfARunningGuestFormAChainThatRestoresAtEachPoint() throws Exception {
        TinyShell shell = launch("bk1");
        shell.run("dd if=/dev/urandom of=/dev/vda bs=1M seek=16 count=8 2>/dev/null; sync; echo FILLED-$((1+1))",
                "(FILLED-2)");   // 8 MiB of data that only the full backup holds
        shell.writeMark("/dev/vda", "AAAA");
        vireo.cliOk("backup", "create", "bk1");
        shell.writeMark("/dev/vda", "BBBB");
        vireo.cliOk("backup", "create", "bk1", "--incremental");
        shell.writeMark("/dev/vda", "CCCC");
        vireo.cliOk("backup", "create", "bk1", "--incremental");
        assertThat(vireo.client().instance("bk1").status()).as("never stopped").isEqualTo(InstanceStatus.RUNNING);

        List<BackupView> chain = vireo.client().backups("bk1");
        assertThat(chain).extracting(BackupView::incremental).containsExactly(false, true, true);
        assertThat(chain.get(1).base()).isEqualTo(chain.get(0).file());
        assertThat(chain.get(2).base()).isEqualTo(chain.get(1).file());
        assertThat(chain.get(2).sizeBytes()).as("an incremental holds only what changed")
                .isLessThan(chain.get(0).sizeBytes() / 4);

        // a disk snapshot moves the writes to a new layer: the change tracking no longer covers them
        vireo.cliOk("snapshot", "create", "bk1", "s1");
        Proc broken = vireo.cli("backup", "create", "bk1", "--incremental");
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(5);
        assertThat(broken.err()).contains("take a full backup");
        assertThat(vireo.client().backups("bk1")).as("the failed backup left no file").hasSize(3);

        Proc base = vireo.cli("backup", "delete", chain.get(0).file());
        assertThat(base.exit()).as(base.toString()).isEqualTo(5);
        assertThat(base.err()).contains("builds on");

        String[] marks = {"AAAA", "BBBB", "CCCC"};
        for (int i = 0; i < marks.length; i++) {
            String name = "bk1-r" + i;
            vireo.cliOk("backup", "restore", chain.get(i).file(), name);
            vireo.cliOk("start", name);
            TinyShell restored = new TinyShell(new GuestConsole(vireo.instanceDir(name))).awaitShell();
            assertThat(restored.readMark("/dev/vda")).as("restore of backup " + i).isEqualTo(marks[i]);
            assertThat(vireo.client().instance(name).uuid()).as("a copy beside the original gets its own identity")
                    .isNotEqualTo(vireo.client().instance("bk1").uuid());
            vireo.cliOk("delete", name, "--force");
        }

        Proc exists = vireo.cli("backup", "restore", chain.get(0).file(), "bk1");
        assertThat(exists.exit()).as(exists.toString()).isEqualTo(4);
        Proc notBackup = vireo.cli("backup", "restore", vireo.instanceDir("bk1").resolve("root.qcow2").toString(), "x");
        assertThat(notBackup.exit()).as(notBackup.toString()).isEqualTo(2);
        assertThat(vireo.client().instances()).extracting(v -> v.name()).doesNotContain("x");

        vireo.cliOk("delete", "bk1", "--force");
        for (int i = chain.size() - 1; i >= 0; i--) {
            vireo.cliOk("backup", "delete", chain.get(i).file());
        }
        assertThat(Path.of(chain.get(0).file()).getParent()).as("the last backup takes its boot files along")
                .doesNotExist();
    }
}
