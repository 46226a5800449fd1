package dev.vireo.storage.ova;

import dev.vireo.core.appliance.ApplianceExport;
import java.util.Objects;

/**
 * Renders the OVF 2.0 descriptor of an exported instance: one streamOptimized VMDK on a virtio
 * controller, one virtio NIC on the network "default", and, for direct-kernel-boot guests, a
 * {@code vireo:BootSection} marked {@code ovf:required="false"} so other tools skip it. Pure:
 * the same input gives the same bytes (golden-tested).
 */
final class OvfWriter {
    static final String DISK_ID = "vmdisk1";
    static final String DISK_FILE_ID = "file1";
    static final String KERNEL_FILE_ID = "kernel";
    static final String INITRD_FILE_ID = "initrd";
    private static final long MIB = 1L << 20;

    /** A file in the package: its name there and its size. */
    record PackageFile(String href, long size) {
        PackageFile {
            Objects.requireNonNull(href);
        }
    }

    /** The disk as exported: its file, virtual size and bytes of data. */
    record DiskFile(PackageFile file, long capacityBytes, long populatedBytes) {
        DiskFile {
            Objects.requireNonNull(file);
        }
    }

    private OvfWriter() {}

    /** {@code kernel} and {@code initrd} are null for guests that boot through firmware. */
    static String write(ApplianceExport vm, DiskFile disk, PackageFile kernel, PackageFile initrd) {
        XmlBuilder x = new XmlBuilder();
        x.open("Envelope", "ovf:version", "2.0", "xmlns", Ovf.ENVELOPE_2, "xmlns:ovf", Ovf.ENVELOPE_2,
                "xmlns:rasd", Ovf.RASD, "xmlns:vssd", Ovf.VSSD, "xmlns:vireo", Ovf.VIREO);
        references(x, disk, kernel, initrd);
        x.open("DiskSection").leaf("Info", "Virtual disks");
        x.empty("Disk", "ovf:diskId", DISK_ID, "ovf:fileRef", DISK_FILE_ID,
                "ovf:capacity", Long.toString(disk.capacityBytes()), "ovf:capacityAllocationUnits", "byte",
                "ovf:format", Ovf.STREAM_OPTIMIZED, "ovf:populatedSize", Long.toString(disk.populatedBytes()));
        x.close("DiskSection");
        x.open("NetworkSection").leaf("Info", "Logical networks");
        x.open("Network", "ovf:name", "default").leaf("Description", "The network of the exported instance");
        x.close("Network").close("NetworkSection");
        x.open("VirtualSystem", "ovf:id", vm.name()).leaf("Info", "A virtual machine exported by Vireo");
        x.leaf("Name", vm.name());
        if (vm.description() != null && !vm.description().isBlank()) {
            x.open("AnnotationSection").leaf("Info", "Description").leaf("Annotation", vm.description());
            x.close("AnnotationSection");
        }
        x.open("OperatingSystemSection", "ovf:id", Integer.toString(Ovf.OTHER_LINUX_64));
        x.leaf("Info", "The guest operating system").leaf("Description", "Other Linux (64-bit)");
        x.close("OperatingSystemSection");
        hardware(x, vm);
        if (kernel != null) {
            boot(x, vm, initrd);
        }
        x.close("VirtualSystem").close("Envelope");
        return x.toString();
    }

    private static void references(XmlBuilder x, DiskFile disk, PackageFile kernel, PackageFile initrd) {
        x.open("References");
        file(x, DISK_FILE_ID, disk.file());
        if (kernel != null) {
            file(x, KERNEL_FILE_ID, kernel);
        }
        if (initrd != null) {
            file(x, INITRD_FILE_ID, initrd);
        }
        x.close("References");
    }

    private static void file(XmlBuilder x, String id, PackageFile f) {
        x.empty("File", "ovf:id", id, "ovf:href", f.href(), "ovf:size", Long.toString(f.size()));
    }

    /** RASD elements go in alphabetical order, as the CIM schema (and VMware's ovftool) want. */
    private static void hardware(XmlBuilder x, ApplianceExport vm) {
        x.open("VirtualHardwareSection").leaf("Info", "Virtual hardware requirements");
        x.open("System");
        x.leaf("vssd:ElementName", "Virtual Hardware Family").leaf("vssd:InstanceID", "0");
        x.leaf("vssd:VirtualSystemIdentifier", vm.name()).leaf("vssd:VirtualSystemType", Ovf.SYSTEM_TYPE);
        x.close("System");
        long mib = (vm.memoryBytes() + MIB - 1) / MIB;
        item(x, "AllocationUnits", "hertz * 10^6", "Description", "Number of virtual CPUs",
                "ElementName", vm.cpus() + " virtual CPU" + (vm.cpus() == 1 ? "" : "s"), "InstanceID", "1",
                "ResourceType", Integer.toString(Ovf.CPU), "VirtualQuantity", Integer.toString(vm.cpus()));
        item(x, "AllocationUnits", "byte * 2^20", "Description", "Memory size", "ElementName", mib + " MiB of memory",
                "InstanceID", "2", "ResourceType", Integer.toString(Ovf.MEMORY), "VirtualQuantity", Long.toString(mib));
        item(x, "Address", "0", "Description", "virtio-blk disk controller", "ElementName", "virtio0",
                "InstanceID", "3", "ResourceSubType", "virtio", "ResourceType", Integer.toString(Ovf.OTHER_STORAGE));
        item(x, "AddressOnParent", "0", "ElementName", "disk1", "HostResource", "ovf:/disk/" + DISK_ID,
                "InstanceID", "4", "Parent", "3", "ResourceType", Integer.toString(Ovf.DISK));
        item(x, "Address", vm.macAddress(), "AutomaticAllocation", "true", "Connection", "default",
                "Description", "virtio-net adapter on \"default\"", "ElementName", "eth0", "InstanceID", "5",
                "ResourceSubType", "virtio", "ResourceType", Integer.toString(Ovf.ETHERNET));
        x.close("VirtualHardwareSection");
    }

    private static void item(XmlBuilder x, String... rasd) {
        x.open("Item");
        for (int i = 0; i < rasd.length; i += 2) {
            x.leaf("rasd:" + rasd[i], rasd[i + 1]);
        }
        x.close("Item");
    }

    private static void boot(XmlBuilder x, ApplianceExport vm, PackageFile initrd) {
        x.open("vireo:BootSection", "ovf:required", "false").leaf("Info", "Direct kernel boot (Vireo)");
        x.empty("vireo:Kernel", "vireo:fileRef", KERNEL_FILE_ID);
        if (initrd != null) {
            x.empty("vireo:Initrd", "vireo:fileRef", INITRD_FILE_ID);
        }
        if (vm.cmdline() != null) {
            x.leaf("vireo:Cmdline", vm.cmdline());
        }
        x.close("vireo:BootSection");
    }
}
