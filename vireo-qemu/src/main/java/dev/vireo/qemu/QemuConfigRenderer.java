package dev.vireo.qemu;

import dev.vireo.qemu.QemuConfig.Drive;
import dev.vireo.qemu.QemuConfig.KernelBoot;
import dev.vireo.qemu.QemuConfig.Nic;
import dev.vireo.qemu.QemuConfig.SerialConsole;
import dev.vireo.qemu.QemuConfig.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure function from {@link QemuConfig} to QEMU's argv; pinned by golden files in the tests. */
final class QemuConfigRenderer {
    private QemuConfigRenderer() {}

    static List<String> render(QemuConfig c) {
        List<String> args = new ArrayList<>();
        args.add(c.binary());
        add(args, "-name", "guest=" + opt(c.name()) + ",debug-threads=on");
        add(args, "-uuid", c.uuid().toString());
        add(args, "-machine", c.machine().type() + ",accel=" + c.machine().accel().id());
        add(args, "-cpu", c.machine().cpuModel());
        add(args, "-smp", Integer.toString(c.cpus()));
        add(args, "-m", c.memoryMib() + "M");
        args.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none"));
        kernel(args, c.kernelBoot());
        c.drives().forEach(d -> drive(args, d));
        c.nics().forEach(n -> nic(args, n));
        console(args, c.console());
        add(args, "-chardev", "socket,id=qmp,path=" + opt(c.qmpSocket()) + ",server=on,wait=off");
        add(args, "-mon", "chardev=qmp,mode=control");
        add(args, "-smbios", "type=1,uuid=" + c.uuid()
                + (c.smbiosProduct() == null ? "" : ",product=" + opt(c.smbiosProduct())));
        add(args, "-device", "virtio-rng-pci");
        // After the fixed devices, so that their PCI addresses (and guest NIC names) stay as they were.
        for (int i = 0; i < c.hotplugPorts(); i++) {
            add(args, "-device", "pcie-root-port,id=" + QemuConfig.hotplugPort(i) + ",chassis=" + (i + 1)
                    + ",bus=pcie.0");
        }
        c.volumes().forEach(v -> volume(args, v));
        if (c.incoming()) {
            add(args, "-incoming", "defer");
        }
        add(args, "-pidfile", c.pidFile().toString());
        args.add("-daemonize");
        add(args, "-D", c.logFile().toString());
        return List.copyOf(args);
    }

    private static void kernel(List<String> args, KernelBoot k) {
        if (k == null) {
            return;
        }
        add(args, "-kernel", k.kernel().toString());
        if (k.initrd() != null) {
            add(args, "-initrd", k.initrd().toString());
        }
        add(args, "-append", k.append());
    }

    private static void drive(List<String> args, Drive d) {
        String ro = d.readOnly() ? ",read-only=on" : "";
        add(args, "-blockdev", "driver=" + d.format() + ",node-name=" + d.id() + ro
                + ",file.driver=file,file.filename=" + opt(d.file()));
        String boot = d.bootIndex() == null ? "" : ",bootindex=" + d.bootIndex();
        add(args, "-device", "virtio-blk-pci,drive=" + d.id() + ",id=" + d.id() + "-disk" + boot);
    }

    private static void volume(List<String> args, Volume v) {
        add(args, "-blockdev", keyval(v.blockdev(), true));
        add(args, "-device", keyval(v.device(), false));
    }

    /** {@code k=v,...}; without {@code withFirstKey} the first entry is written as its value alone (a driver). */
    private static String keyval(Map<String, Object> options, boolean withFirstKey) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            if (!sb.isEmpty() || withFirstKey) {
                sb.append(e.getKey()).append('=');
            }
            Object value = e.getValue();
            sb.append(value instanceof Boolean b ? (b ? "on" : "off") : opt(value));
        }
        return sb.toString();
    }

    private static void nic(List<String> args, Nic n) {
        if (n.tap() != null) {
            add(args, "-netdev", "tap,id=" + n.id() + ",ifname=" + opt(n.tap()) + ",script=no,downscript=no");
        } else {
            String fwd = n.sshPort() == 0 ? "" : ",hostfwd=tcp:127.0.0.1:" + n.sshPort() + "-:22";
            add(args, "-netdev", "user,id=" + n.id() + fwd);
        }
        add(args, "-device", "virtio-net-pci,netdev=" + n.id() + ",mac=" + opt(n.mac()));
    }

    private static void console(List<String> args, SerialConsole s) {
        add(args, "-chardev", "socket,id=console0,path=" + opt(s.socket()) + ",server=on,wait=off,logfile="
                + opt(s.log()) + ",logappend=on");
        add(args, "-serial", "chardev:console0");
    }

    private static void add(List<String> args, String flag, String value) {
        args.add(flag);
        args.add(value);
    }

    /** QEMU's key=value lists split on ','; a literal comma is written twice. */
    static String opt(Object value) {
        return value.toString().replace(",", ",,");
    }
}
