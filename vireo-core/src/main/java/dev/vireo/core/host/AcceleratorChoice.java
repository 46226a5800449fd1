package dev.vireo.core.host;

import dev.vireo.api.VireoException;
import dev.vireo.core.instance.Accelerator;

/** KVM only when the CPU has vmx/svm and /dev/kvm opens; TCG otherwise, always with the reason. */
public record AcceleratorChoice(Accelerator accelerator, String reason, boolean kvmUsable) {

    public static AcceleratorChoice decide(HostFacts facts) {
        boolean virt = facts.flag("vmx") || facts.flag("svm");
        if (!virt) {
            String why = facts.flag("hypervisor")
                    ? "CPU flags lack vmx and svm (nested virtualization is not exposed to this guest)"
                    : "CPU flags lack vmx and svm (hardware virtualization is off or unsupported)";
            return new AcceleratorChoice(Accelerator.TCG, why + "; using TCG software emulation", false);
        }
        if (!facts.kvmDevice()) {
            return new AcceleratorChoice(Accelerator.TCG, "/dev/kvm does not exist (kvm module not loaded); "
                    + "using TCG software emulation", false);
        }
        if (facts.kvmOpenError() != null) {
            return new AcceleratorChoice(Accelerator.TCG, "/dev/kvm cannot be opened (" + facts.kvmOpenError()
                    + "); using TCG software emulation", false);
        }
        String flag = facts.flag("vmx") ? "vmx" : "svm";
        return new AcceleratorChoice(Accelerator.KVM, "CPU has " + flag + " and /dev/kvm opens", true);
    }

    /** Resolves what an instance asked for; asking for KVM where it cannot work is an error. */
    public Accelerator resolve(Accelerator requested) {
        return switch (requested) {
            case AUTO -> accelerator;
            case TCG -> Accelerator.TCG;
            case KVM -> {
                if (!kvmUsable) {
                    throw VireoException.invalid("kvm is not available on this host: " + reason.replace(
                            "; using TCG software emulation", "") + "; use --accel tcg");
                }
                yield Accelerator.KVM;
            }
        };
    }
}
