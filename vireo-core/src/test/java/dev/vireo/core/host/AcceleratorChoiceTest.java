package dev.vireo.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeHosts;
import dev.vireo.core.instance.Accelerator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AcceleratorChoiceTest {
    private static HostFacts host(Set<String> flags, boolean device, String openError) {
        return FakeHosts.facts(flags, 4, 8L << 30, device, openError);
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of("vmx, device opens", Set.of("lm", "vmx"), true, null,
                        Accelerator.KVM, "CPU has vmx and /dev/kvm opens"),
                Arguments.of("svm, device opens", Set.of("lm", "svm"), true, null,
                        Accelerator.KVM, "CPU has svm and /dev/kvm opens"),
                Arguments.of("nested guest without vmx/svm", Set.of("lm", "hypervisor"), true, null,
                        Accelerator.TCG, "CPU flags lack vmx and svm (nested virtualization is not exposed to this "
                                + "guest); using TCG software emulation"),
                Arguments.of("bare metal without vmx/svm", Set.of("lm"), true, null,
                        Accelerator.TCG, "CPU flags lack vmx and svm (hardware virtualization is off or unsupported)"
                                + "; using TCG software emulation"),
                Arguments.of("no flags, no device", Set.of(), false, null,
                        Accelerator.TCG, "CPU flags lack vmx and svm (hardware virtualization is off or unsupported)"
                                + "; using TCG software emulation"),
                Arguments.of("vmx but no device", Set.of("vmx"), false, null,
                        Accelerator.TCG, "/dev/kvm does not exist (kvm module not loaded); using TCG software "
                                + "emulation"),
                Arguments.of("svm but device does not open", Set.of("svm"), true, "Permission denied",
                        Accelerator.TCG, "/dev/kvm cannot be opened (Permission denied); using TCG software "
                                + "emulation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void choosesKvmOnlyWhenFlagsAndDeviceAllowItAndSaysWhy(String label, Set<String> flags, boolean device,
            String openError, Accelerator expected, String reason) {
        AcceleratorChoice choice = AcceleratorChoice.decide(host(flags, device, openError));

        assertThat(choice.accelerator()).isEqualTo(expected);
        assertThat(choice.kvmUsable()).isEqualTo(expected == Accelerator.KVM);
        assertThat(choice.reason()).isEqualTo(reason);
    }

    @Test
    void cpuFlagsWinOverAnOpenableDevice() {
        // nested hosts: /dev/kvm opens, but QEMU under KVM fails there without the flags
        AcceleratorChoice choice = AcceleratorChoice.decide(host(Set.of("hypervisor"), true, null));

        assertThat(choice.accelerator()).isEqualTo(Accelerator.TCG);
    }

    @ParameterizedTest
    @EnumSource(value = Accelerator.class, names = {"AUTO", "TCG"})
    void resolvesAutoAndTcgOnATcgHost(Accelerator requested) {
        AcceleratorChoice choice = AcceleratorChoice.decide(host(Set.of("hypervisor"), true, null));

        assertThat(choice.resolve(requested)).isEqualTo(Accelerator.TCG);
    }

    @Test
    void resolvesAutoToKvmOnAKvmHostButKeepsAnExplicitTcg() {
        AcceleratorChoice choice = AcceleratorChoice.decide(host(Set.of("vmx"), true, null));

        assertThat(choice.resolve(Accelerator.AUTO)).isEqualTo(Accelerator.KVM);
        assertThat(choice.resolve(Accelerator.KVM)).isEqualTo(Accelerator.KVM);
        assertThat(choice.resolve(Accelerator.TCG)).isEqualTo(Accelerator.TCG);
    }

    @Test
    void explicitKvmWhereTheDeviceIsMissingIsInvalidAndNamesTheDevice() {
        AcceleratorChoice choice = AcceleratorChoice.decide(host(Set.of("vmx"), false, null));

        assertThatThrownBy(() -> choice.resolve(Accelerator.KVM))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("kvm is not available on this host: /dev/kvm does not exist (kvm module not loaded); "
                        + "use --accel tcg");
    }
}
