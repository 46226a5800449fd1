package dev.vireo.core.fakes;

import dev.vireo.core.host.HostFacts;
import java.util.Set;

/** Host facts for tests, without probing the machine the tests run on. */
public final class FakeHosts {
    public static final long GIB = 1L << 30;

    private FakeHosts() {}

    /** A nested guest like the development machines: /dev/kvm exists but the CPU lacks vmx/svm. */
    public static HostFacts tcg(int cores, long memoryBytes) {
        return facts(Set.of("fpu", "lm", "hypervisor"), cores, memoryBytes, true, null);
    }

    public static HostFacts tcg() {
        return tcg(4, 8 * GIB);
    }

    /** A host where KVM works (vmx and an openable /dev/kvm). */
    public static HostFacts kvm(int cores, long memoryBytes) {
        return facts(Set.of("fpu", "lm", "vmx"), cores, memoryBytes, true, null);
    }

    public static HostFacts facts(Set<String> flags, int cores, long memoryBytes, boolean kvmDevice,
            String kvmOpenError) {
        return new HostFacts("testhost", "Fake CPU @ 2.0GHz", flags, cores, memoryBytes, kvmDevice, kvmOpenError,
                "hybrid (v1 + v2)", "QEMU emulator version 9.9.9", "qemu-img version 9.9.9");
    }
}
