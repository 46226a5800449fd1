package dev.vireo.cli;

import dev.vireo.api.HostInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "info",
        description = {"Show the host's CPU, memory, accelerator (and why it was chosen), cgroup mode and versions."},
        footer = {"", "Examples:", "  vireo host info", "  vireo host info --json"})
final class HostInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        HostInfo h = client.connect().host();
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, h)) {
            return 0;
        }
        String accelerator = h.accelerator()
                + (h.reason() == null || h.reason().isBlank() ? "" : " (" + h.reason() + ")");
        new Fields()
                .add("hostname", h.hostname())
                .add("cpu model", h.cpuModel())
                .add("cores", h.cores())
                .add("memory", Formats.size(h.memoryBytes()))
                .add("cpu flag lm", Formats.yesNo(h.lm()))
                .add("cpu flag vmx", Formats.yesNo(h.vmx()))
                .add("cpu flag svm", Formats.yesNo(h.svm()))
                .add("under hypervisor", Formats.yesNo(h.hypervisor()))
                .add("/dev/kvm present", Formats.yesNo(h.kvmDevice()))
                .add("kvm usable", Formats.yesNo(h.kvmUsable()))
                .add("accelerator", accelerator)
                .add("cgroup mode", h.cgroupMode())
                .add("qemu", h.qemuVersion())
                .add("qemu-img", h.qemuImgVersion())
                .add("vireo", h.vireoVersion())
                .add("state dir", h.stateDir())
                .print(out);
        return 0;
    }
}
