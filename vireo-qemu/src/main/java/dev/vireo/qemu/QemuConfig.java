package dev.vireo.qemu;

import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Everything on a QEMU command line, as data; {@link QemuConfigRenderer} turns it into argv. */
record QemuConfig(
        String binary,
        String name,
        UUID uuid,
        Machine machine,
        int cpus,
        long memoryMib,
        KernelBoot kernelBoot,
        List<Drive> drives,
        int hotplugPorts,
        List<Volume> volumes,
        List<Nic> nics,
        String smbiosProduct,
        SerialConsole console,
        Path qmpSocket,
        Path pidFile,
        Path logFile,
        boolean incoming) {

    static final String DEFAULT_APPEND = "root=/dev/vda rw console=ttyS0";
    private static final long MIB = 1L << 20;

    QemuConfig {
        Objects.requireNonNull(binary);
        Objects.requireNonNull(name);
        Objects.requireNonNull(uuid);
        Objects.requireNonNull(machine);
        if (cpus < 1 || memoryMib < 1) {
            throw new IllegalArgumentException("cpus and memory must be positive");
        }
        drives = List.copyOf(drives);
        if (hotplugPorts < 0) {
            throw new IllegalArgumentException("hot-plug ports must not be negative");
        }
        volumes = List.copyOf(volumes);
        nics = List.copyOf(nics);
        Set<Integer> slots = new HashSet<>();
        for (Volume v : volumes) {
            if (v.slot() >= hotplugPorts || !slots.add(v.slot())) {
                throw new IllegalArgumentException("volume " + v.serial() + ": slot " + v.slot()
                        + " is taken or has no hot-plug port");
            }
        }
        Objects.requireNonNull(console);
        Objects.requireNonNull(qmpSocket);
        Objects.requireNonNull(pidFile);
        Objects.requireNonNull(logFile);
    }

    /** Machine type and accelerator; the CPU model follows the accelerator. */
    record Machine(String type, Accelerator accel) {
        Machine {
            Objects.requireNonNull(type);
            if (accel != Accelerator.KVM && accel != Accelerator.TCG) {
                throw new IllegalArgumentException("accelerator must be resolved to kvm or tcg, not " + accel);
            }
        }

        String cpuModel() {
            return accel == Accelerator.KVM ? "host" : "max";
        }
    }

    /** Direct kernel boot; {@code initrd} may be null. */
    record KernelBoot(Path kernel, Path initrd, String append) {
        KernelBoot {
            Objects.requireNonNull(kernel);
            Objects.requireNonNull(append);
        }
    }

    /** A virtio-blk disk; {@code bootIndex} null leaves it out of the firmware's boot order. */
    record Drive(String id, Path file, String format, boolean readOnly, Integer bootIndex) {
        Drive {
            Objects.requireNonNull(id);
            Objects.requireNonNull(file);
            Objects.requireNonNull(format);
        }
    }

    /**
     * A volume on hot-plug port {@code hp<slot>}: block node {@code vol<slot>} under a virtio-blk
     * device {@code vol<slot>-disk} whose serial is the volume's name. Cold (on the command line) and
     * hot ({@code blockdev-add}, {@code device_add}) attachment use the same options.
     */
    record Volume(int slot, String serial, Path path, String format, boolean blockDevice) {
        Volume {
            Objects.requireNonNull(serial);
            Objects.requireNonNull(path);
            Objects.requireNonNull(format);
            if (slot < 0) {
                throw new IllegalArgumentException("slot must not be negative");
            }
        }

        static Volume of(VolumeAttachment a) {
            BlockDevice d = a.device();
            return new Volume(a.slot(), a.volume(), d.path().toAbsolutePath(), d.format(), d.blockDevice());
        }

        String node() {
            return "vol" + slot;
        }

        String deviceId() {
            return node() + "-disk";
        }

        String port() {
            return hotplugPort(slot);
        }

        /** {@code -blockdev} options as dotted keys, in order; the same map feeds QMP {@code blockdev-add}. */
        Map<String, Object> blockdev() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("driver", format);
            o.put("node-name", node());
            if (blockDevice) {
                // A volume on a block device (LVM) bypasses the host page cache: the storage caches it already.
                o.put("cache.direct", true);
                o.put("file.driver", "host_device");
                o.put("file.aio", "native");
            } else {
                o.put("file.driver", "file");
            }
            o.put("file.filename", path.toString());
            return o;
        }

        /** {@code -device} properties in order, {@code driver} first; the same map feeds QMP {@code device_add}. */
        Map<String, Object> device() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("driver", "virtio-blk-pci");
            o.put("drive", node());
            o.put("id", deviceId());
            o.put("bus", port());
            // A root port's link has device 0 only; pinning it makes a second device on the port an error.
            o.put("addr", "0");
            o.put("serial", serial);
            return o;
        }
    }

    /** The qdev id of the PCIe root port for hot-plug slot {@code slot}. */
    static String hotplugPort(int slot) {
        return "hp" + slot;
    }

    /**
     * A virtio NIC: on the host tap {@code tap} when set, else user-mode networking with the guest's
     * SSH port forwarded to {@code 127.0.0.1:sshPort} (none when 0).
     */
    record Nic(String id, String mac, String tap, int sshPort) {
        Nic {
            Objects.requireNonNull(id);
            Objects.requireNonNull(mac);
            if (sshPort < 0 || sshPort > 65535) {
                throw new IllegalArgumentException("ssh port out of range: " + sshPort);
            }
        }
    }

    /**
     * cloud-init's OpenStack datasource is chosen (by ds-identify) only on hardware that says it is
     * OpenStack; a guest without a seed disk reads the metadata service, so it is told so.
     */
    static final String METADATA_PRODUCT = "OpenStack Nova";

    /** The first serial port on a unix socket, with everything it prints appended to {@code log}. */
    record SerialConsole(Path socket, Path log) {
        SerialConsole {
            Objects.requireNonNull(socket);
            Objects.requireNonNull(log);
        }
    }

    /** The qdev id of the root disk, by which QMP finds the top of its layer chain. */
    static final String ROOT_DISK_DEVICE = "root-disk";

    /**
     * The configuration for {@code spec}; the seed ISO is attached only when {@code withSeed}.
     * With a saved state QEMU waits for it ({@code -incoming defer}) instead of booting.
     */
    static QemuConfig forStart(StartSpec spec, String binary, boolean withSeed) {
        Instance instance = spec.instance();
        InstancePaths paths = spec.paths();
        KernelBoot kernel = kernelBoot(instance.profile());
        List<Drive> drives = new ArrayList<>();
        // With -kernel, QEMU's linuxboot option ROM takes bootindex 0 itself and a second 0 is refused.
        drives.add(new Drive("root", spec.rootDisk(), "qcow2", false, kernel == null ? 0 : null));
        if (withSeed) {
            drives.add(new Drive("seed", paths.seedIso(), "raw", true, null));
        }
        return new QemuConfig(binary, instance.name(), instance.uuid(), new Machine("q35", spec.accelerator()),
                instance.spec().cpus(), ceilMib(instance.spec().memoryBytes()), kernel, drives,
                VolumeAttachment.SLOTS, spec.volumes().stream().map(Volume::of).toList(),
                nics(spec), instance.profile().cloudInit() && !withSeed ? METADATA_PRODUCT : null,
                new SerialConsole(paths.consoleSocket(), paths.serialLog()), paths.qmpSocket(), paths.pidFile(),
                paths.qemuLog(), spec.savedState() != null);
    }

    /** The instance's NICs on their taps; without any, one user-mode NIC with SSH forwarded. */
    private static List<Nic> nics(StartSpec spec) {
        if (spec.nics().isEmpty()) {
            return List.of(new Nic("net0", spec.instance().spec().macAddress(), null, spec.sshPort()));
        }
        return spec.nics().stream().map(n -> new Nic("net" + n.index(), n.mac(), n.hostDevice(), 0)).toList();
    }

    private static KernelBoot kernelBoot(GuestProfile profile) {
        if (profile.kernel() == null) {
            return null;
        }
        String append = profile.cmdline() == null || profile.cmdline().isBlank() ? DEFAULT_APPEND : profile.cmdline();
        return new KernelBoot(profile.kernel(), profile.initrd(), append);
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
