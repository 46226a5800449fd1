package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.InstanceStatus;
import dev.vireo.it.support.Vireo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** kill -9 the daemon while guests run: they keep running and are managed again after restart. */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class CrashRecoveryIT {
    private final Vireo vireo = Vireo.get();

    @Test
    void guestsSurviveADaemonCrashAndAreReadopted() throws Exception {
        vireo.cliOk("launch", "tiny", "crash1", "--memory", "192MiB", "--cpus", "1");
        vireo.cliOk("launch", "tiny", "crash2", "--memory", "192MiB", "--cpus", "1");
        long pid1 = vireo.client().instance("crash1").pid();
        long pid2 = vireo.client().instance("crash2").pid();

        vireo.daemon().kill9();
        assertThat(Vireo.alive(pid1)).as("guest outlives the daemon").isTrue();
        // crash2's QEMU dies while the daemon is down
        ProcessHandle.of(pid2).orElseThrow().destroyForcibly();
        Vireo.awaitDead(pid2);

        vireo.daemon().start();
        assertThat(Vireo.alive(pid1)).as("restarting the daemon does not touch the guest").isTrue();
        var c1 = vireo.client().instance("crash1");
        assertThat(c1.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(c1.pid()).isEqualTo(pid1);
        var c2 = vireo.client().instance("crash2");
        assertThat(c2.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(c2.statusReason()).isNotBlank();

        // the re-adopted guest accepts actions and its console still works
        vireo.cliOk("pause", "crash1");
        vireo.cliOk("resume", "crash1");
        assertThat(vireo.cliOk("console", "crash1", "--show-log").out()).contains("VIREO-TINY-READY");
        vireo.cliOk("stop", "crash1", "--force");
        assertThat(Vireo.alive(pid1)).isFalse();
        vireo.cliOk("delete", "crash1");
        vireo.cliOk("delete", "crash2");
    }
}
