package dev.vireo.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.core.instance.Accelerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostProbeTest {
    private static final String CPU = """
            processor\t: %d
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Gold 6150 CPU @ 2.70GHz
            flags\t\t: %s

            """;

    @TempDir
    Path root;

    private void cpus(int count, String flags) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(CPU.formatted(i, flags));
        }
        write("proc/cpuinfo", text.toString());
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void mkdir(String path) throws IOException {
        Files.createDirectories(root.resolve(path));
    }

    @Test
    void readsCpuModelFlagsAndCoresFromCpuinfo() throws IOException {
        cpus(3, "fpu vme lm hypervisor");

        HostFacts facts = new HostProbe(root).probe();

        assertThat(facts.cpuModel()).isEqualTo("Intel(R) Xeon(R) Gold 6150 CPU @ 2.70GHz");
        assertThat(facts.cpuFlags()).containsExactlyInAnyOrder("fpu", "vme", "lm", "hypervisor");
        assertThat(facts.cores()).isEqualTo(3);
    }

    @Test
    void readsMemoryAndHostname() throws IOException {
        write("proc/meminfo", "MemTotal:       16303884 kB\nMemFree:         1234 kB\n");
        write("proc/sys/kernel/hostname", "node7\n");

        HostFacts facts = new HostProbe(root).probe();

        assertThat(facts.memoryBytes()).isEqualTo(16303884L * 1024);
        assertThat(facts.hostname()).isEqualTo("node7");
    }

    @Test
    void anEmptyTreeGivesUnknownsNotErrors() {
        HostFacts facts = new HostProbe(root).probe();

        assertThat(facts.cpuModel()).isEqualTo("unknown");
        assertThat(facts.cpuFlags()).isEmpty();
        assertThat(facts.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.memoryBytes()).isZero();
        assertThat(facts.kvmDevice()).isFalse();
        assertThat(facts.kvmOpenError()).isNull();
        assertThat(facts.cgroupMode()).isEqualTo("none");
    }

    @Test
    void anOpenableKvmDeviceHasNoOpenError() throws IOException {
        write("dev/kvm", "");

        HostFacts facts = new HostProbe(root).probe();

        assertThat(facts.kvmDevice()).isTrue();
        assertThat(facts.kvmOpenError()).isNull();
    }

    @Test
    void aKvmDeviceThatDoesNotOpenReportsWhy() throws IOException {
        mkdir("dev/kvm"); // a directory cannot be opened read-write, even by root

        HostFacts facts = new HostProbe(root).probe();

        assertThat(facts.kvmDevice()).isTrue();
        assertThat(facts.kvmOpenError()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            cgroup.controllers             | v2 (unified)
            unified/, memory/, cpu/        | hybrid (v1 + v2)
            memory/, cpu/                  | v1
            ''                             | none
            """)
    void detectsTheCgroupLayout(String entries, String mode) throws IOException {
        mkdir("sys/fs/cgroup");
        for (String entry : entries.split(",\\s*")) {
            if (entry.endsWith("/")) {
                mkdir("sys/fs/cgroup/" + entry);
            } else if (!entry.isEmpty()) {
                write("sys/fs/cgroup/" + entry, "cpu memory pids\n");
            }
        }

        assertThat(new HostProbe(root).probe().cgroupMode()).isEqualTo(mode);
    }

    @Test
    void aNestedHostWithKvmDeviceButNoVmxChoosesTcg() throws IOException {
        cpus(2, "fpu lm hypervisor");
        write("dev/kvm", "");

        AcceleratorChoice choice = AcceleratorChoice.decide(new HostProbe(root).probe());

        assertThat(choice.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(choice.reason()).contains("lack vmx and svm");
    }

    @Test
    void aHostWithVmxAndAnOpenableDeviceChoosesKvm() throws IOException {
        cpus(2, "fpu lm vmx");
        write("dev/kvm", "");

        assertThat(AcceleratorChoice.decide(new HostProbe(root).probe()).accelerator()).isEqualTo(Accelerator.KVM);
    }
}
