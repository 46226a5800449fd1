package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The whole lifecycle through the real CLI, daemon and QEMU, on the tiny guest (boots in ~2 s). */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class TinyLifecycleIT {
    private final Vireo vireo = Vireo.get();

    @Test
    void launchListPauseResumeStopStartRestartDelete() throws Exception {
        vireo.cliOk("launch", "tiny", "life1", "--memory", "256MiB", "--cpus", "1");
        InstanceView v = vireo.client().instance("life1");
        assertThat(v.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(v.accelerator()).isIn("tcg", "kvm");
        assertThat(vireo.qemuPids("life1")).containsExactly(v.pid());
        assertThat(vireo.cliOk("console", "life1", "--show-log").out()).contains("VIREO-TINY-READY");

        JsonNode list = new ObjectMapper().readTree(vireo.cliOk("list", "--json").out());
        JsonNode row = null;
        for (JsonNode n : list) {
            if (n.get("name").asText().equals("life1")) {
                row = n;
            }
        }
        assertThat(row).as("list --json has life1").isNotNull();
        assertThat(row.get("type").asText()).isEqualTo("vm");
        assertThat(row.get("status").asText()).isEqualTo("Running");
        assertThat(row.get("image").asText()).isEqualTo("tiny");
        assertThat(vireo.cliOk("list").out()).contains("life1").contains("Running").contains("tiny");

        vireo.cliOk("pause", "life1");
        assertThat(vireo.client().instance("life1").status()).isEqualTo(InstanceStatus.PAUSED);
        vireo.cliOk("resume", "life1");
        assertThat(vireo.client().instance("life1").status()).isEqualTo(InstanceStatus.RUNNING);

        vireo.cliOk("stop", "life1", "--timeout", "20");
        assertThat(vireo.client().instance("life1").status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(vireo.qemuPids("life1")).isEmpty();

        vireo.cliOk("start", "life1");
        long pid = vireo.client().instance("life1").pid();
        vireo.cliOk("restart", "life1", "--force");
        InstanceView restarted = vireo.client().instance("life1");
        assertThat(restarted.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(restarted.pid()).isNotEqualTo(pid);

        Proc refused = vireo.cli("delete", "life1");
        assertThat(refused.exit()).isEqualTo(5);
        assertThat(refused.err()).contains("life1 is running");

        vireo.cliOk("delete", "life1", "--force");
        assertThat(vireo.qemuPids("life1")).isEmpty();
        assertThat(Files.exists(vireo.instanceDir("life1"))).isFalse();
        assertThat(vireo.client().instances()).noneMatch(i -> i.name().equals("life1"));
    }

    @Test
    void guestPowerOffFromInsideIsSeenAsStopped() throws Exception {
        vireo.cliOk("launch", "tiny", "life2", "--memory", "256MiB", "--cpus", "1");
        long pid = vireo.client().instance("life2").pid();
        // ACPI power button: the tiny guest's acpid powers off, QEMU exits, the monitor reports it.
        vireo.cliOk("stop", "life2", "--timeout", "30");
        assertThat(Vireo.alive(pid)).isFalse();
        assertThat(vireo.client().instance("life2").status()).isEqualTo(InstanceStatus.STOPPED);

        vireo.cliOk("start", "life2");
        long pid2 = vireo.client().instance("life2").pid();
        ProcessHandle.of(pid2).orElseThrow().destroyForcibly();
        vireo.awaitStatus("life2", InstanceStatus.STOPPED);
        vireo.cliOk("delete", "life2");
    }

    @Test
    void createDefinesWithoutStarting() {
        vireo.cliOk("create", "tiny", "life3", "--memory", "128MiB");
        InstanceView v = vireo.client().instance("life3");
        assertThat(v.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(vireo.qemuPids("life3")).isEmpty();
        assertThat(Files.exists(vireo.instanceDir("life3").resolve("root.qcow2"))).isTrue();
        Proc pause = vireo.cli("pause", "life3");
        assertThat(pause.exit()).isEqualTo(5);
        assertThat(pause.err()).contains("instance life3 is stopped; cannot pause");
        vireo.cliOk("delete", "life3");
    }
}
