package dev.vireo.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.core.instance.InstancePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuProcessTest {
    private static final UUID UUID_1 = UUID.fromString("6f1c1f0e-8d1a-4c59-9a2e-0d6b1a7c3e01");

    @TempDir
    Path dir;

    @Test
    void recognisesOnlyQemuWithThisInstancesUuid() {
        byte[] ours = "/usr/bin/qemu-system-x86_64\0-name\0guest=web1\0-uuid\0%s\0".formatted(UUID_1)
                .getBytes(StandardCharsets.UTF_8);
        byte[] other = "qemu-system-x86_64\0-uuid\0%s\0".formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] notQemu = "/bin/sleep\0-uuid\0%s\0".formatted(UUID_1).getBytes(StandardCharsets.UTF_8);

        assertThat(QemuPid.isOurQemu(ours, UUID_1)).isTrue();
        assertThat(QemuPid.isOurQemu(other, UUID_1)).isFalse();
        assertThat(QemuPid.isOurQemu(notQemu, UUID_1)).isFalse();
        assertThat(QemuPid.isOurQemu(new byte[0], UUID_1)).isFalse();
    }

    @Test
    void zombiesCountAsDead() {
        assertThat(QemuPid.isZombie("4242 (qemu-system-x86) Z 1 4238 4238 0 -1")).isTrue();
        assertThat(QemuPid.isZombie("4242 (qemu (odd) name) S 1 4238 4238 0 -1")).isFalse();
    }

    @Test
    void aReusedPidIsNotOurQemu() throws Exception {
        // This JVM's pid stands in for a pid that the kernel handed to some other program.
        InstancePaths paths = new InstancePaths(dir);
        Files.writeString(paths.pidFile(), ProcessHandle.current().pid() + "\n");

        assertThat(QemuProcess.pidFromFile(paths.pidFile(), UUID_1)).isPresent();
        assertThat(QemuProcess.livePid(paths, UUID_1)).isEmpty();
    }

    @Test
    void garbagePidfileMeansNoProcess() throws Exception {
        InstancePaths paths = new InstancePaths(dir);
        Files.writeString(paths.pidFile(), "not a pid");

        assertThat(QemuProcess.livePid(paths, UUID_1)).isEmpty();
        assertThat(QemuProcess.livePid(new InstancePaths(dir.resolve("absent")), UUID_1)).isEmpty();
    }

    @Test
    void errorMessageIsQemusLastErrorLine() {
        List<String> log = List.of("some earlier run output",
                "qemu-system-x86_64: warning: host doesn't support requested feature",
                "qemu-system-x86_64: -blockdev driver=qcow2: Could not open '/x/root.qcow2': "
                        + "No such file or directory");

        assertThat(QemuProcess.errorMessage(log, "/usr/bin/qemu-system-x86_64", 1))
                .isEqualTo("-blockdev driver=qcow2: Could not open '/x/root.qcow2': No such file or directory");
        assertThat(QemuProcess.errorMessage(log.subList(0, 2), "qemu-system-x86_64", 1))
                .isEqualTo("warning: host doesn't support requested feature");
        assertThat(QemuProcess.errorMessage(List.of(), "qemu-system-x86_64", 3)).isEqualTo("qemu exited with status 3");
    }

    @Test
    void shutdownReasonsReadLikeFacts() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(GuestWatch.shutdownReason(json.readTree("{\"guest\":true,\"reason\":\"guest-shutdown\"}")))
                .isEqualTo("guest powered off");
        assertThat(GuestWatch.shutdownReason(json.readTree("{\"guest\":false,\"reason\":\"host-signal\"}")))
                .isEqualTo("qemu was stopped by a signal");
        assertThat(GuestWatch.shutdownReason(json.readTree("{}"))).isEqualTo("qemu exited");
    }
}
