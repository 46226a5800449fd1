package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The probe agrees with /proc/cpuinfo, and --accel kvm is refused clearly where KVM cannot work. */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class HostInfoIT {
    private final Vireo vireo = Vireo.get();

    @Test
    void acceleratorFollowsTheCpuFlags() throws Exception {
        JsonNode info = new ObjectMapper().readTree(vireo.cliOk("host", "info", "--json").out());
        Set<String> flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                        .collect(Collectors.toSet())).orElseThrow();
        boolean virt = flags.contains("vmx") || flags.contains("svm");
        assertThat(info.get("vmx").asBoolean()).isEqualTo(flags.contains("vmx"));
        assertThat(info.get("svm").asBoolean()).isEqualTo(flags.contains("svm"));
        assertThat(info.get("lm").asBoolean()).isEqualTo(flags.contains("lm"));
        assertThat(info.get("kvmDevice").asBoolean()).isEqualTo(Files.exists(Path.of("/dev/kvm")));
        if (!virt) {
            assertThat(info.get("accelerator").asText()).isEqualTo("tcg");
            assertThat(info.get("reason").asText()).contains("vmx");
            Proc kvm = vireo.cli("launch", "tiny", "kvm1", "--accel", "kvm", "--memory", "128MiB");
            assertThat(kvm.exit()).isEqualTo(2);
            assertThat(kvm.err()).contains("kvm is not available");
            assertThat(vireo.client().instances()).noneMatch(i -> i.name().equals("kvm1"));
        } else {
            assertThat(info.get("accelerator").asText()).isIn("kvm", "tcg");
        }
        assertThat(vireo.cliOk("host", "info").out()).contains("accelerator");
    }
}
