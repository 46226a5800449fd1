package dev.vireo.storage.ova;

import dev.vireo.api.VireoException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps an OVF virtual system onto what a Vireo instance has: CPUs, memory, disks (all attached
 * as virtio-blk, so IDE/SCSI/SATA controllers map silently) and NICs (virtio-net). Every other
 * item becomes one warning and is skipped.
 */
final class HardwareMapper {
    static final long DEFAULT_MEMORY = 1L << 30;
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\\1[0-9a-f]{2}){4}");
    private static final Set<Integer> CONTROLLERS = Set.of(Ovf.IDE_CONTROLLER, Ovf.SCSI_CONTROLLER, Ovf.OTHER_STORAGE);
    /** CIM_ResourceAllocationSettingData.ResourceType names, for messages (35 is VirtualBox's sound card). */
    private static final Map<Integer, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(1, "other"), Map.entry(2, "computer system"), Map.entry(3, "another processor item"),
            Map.entry(4, "another memory item"), Map.entry(7, "Fibre Channel HBA"),
            Map.entry(8, "iSCSI HBA"), Map.entry(9, "InfiniBand HCA"), Map.entry(11, "other network adapter"),
            Map.entry(12, "I/O slot"), Map.entry(13, "I/O device"), Map.entry(14, "floppy drive"),
            Map.entry(15, "CD drive"), Map.entry(16, "DVD drive"), Map.entry(17, "disk drive"),
            Map.entry(18, "tape drive"), Map.entry(19, "storage extent"), Map.entry(21, "serial port"),
            Map.entry(22, "parallel port"), Map.entry(23, "USB controller"), Map.entry(24, "graphics controller"),
            Map.entry(25, "IEEE 1394 controller"), Map.entry(26, "partitionable unit"),
            Map.entry(27, "base partitionable unit"), Map.entry(28, "power"), Map.entry(29, "cooling capacity"),
            Map.entry(30, "Ethernet switch port"), Map.entry(31, "logical disk"), Map.entry(32, "storage volume"),
            Map.entry(33, "Ethernet connection"), Map.entry(35, "sound card"));

    /** A disk to bring in: a file of the package ({@code href}), or a blank disk when href is null. */
    record DiskSource(String label, String href, long capacityBytes) {
        DiskSource {
            Objects.requireNonNull(label);
        }
    }

    /** The mapped machine; {@code macs} has one entry per NIC, null where the OVF gave no usable MAC. */
    record Hardware(String name, int cpus, long memoryBytes, List<DiskSource> disks, List<String> macs,
            List<String> warnings) {
        Hardware {
            Objects.requireNonNull(name);
            disks = List.copyOf(disks);
            macs = Collections.unmodifiableList(new ArrayList<>(macs));
            warnings = List.copyOf(warnings);
        }
    }

    private HardwareMapper() {}

    static Hardware map(OvfDescriptor ovf, String fallbackName) {
        String where = ovf.fileName();
        List<String> warnings = new ArrayList<>(ovf.warnings());
        Integer cpus = null;
        Long memory = null;
        List<DiskSource> disks = new ArrayList<>();
        Set<String> usedDisks = new HashSet<>();
        List<String> macs = new ArrayList<>();
        for (OvfDescriptor.Item item : ovf.items()) {
            int type = item.resourceType();
            if (type == Ovf.CPU && cpus == null) {
                cpus = cpus(item, where);
            } else if (type == Ovf.MEMORY && memory == null) {
                memory = memory(item, where);
            } else if (type == Ovf.DISK) {
                disk(ovf, item, disks, usedDisks, warnings);
            } else if (type == Ovf.ETHERNET) {
                macs.add(mac(item, warnings));
            } else if (!CONTROLLERS.contains(type)) {
                warnings.add(skipped(item, ovf));
                diskId(item).ifPresent(usedDisks::add); // a CD's ISO is accounted for by this warning
            }
        }
        if (cpus == null) {
            warnings.add(where + " gives no CPU count; using 1");
            cpus = 1;
        }
        if (memory == null) {
            warnings.add(where + " gives no memory size; using 1 GiB");
            memory = DEFAULT_MEMORY;
        }
        ovf.disks().keySet().stream().filter(id -> !usedDisks.contains(id)).sorted()
                .forEach(id -> warnings.add("disk '" + id + "' of " + where + " is attached to no item; skipped"));
        return new Hardware(name(ovf, fallbackName), cpus, memory, disks, macs, warnings);
    }

    private static String name(OvfDescriptor ovf, String fallback) {
        if (ovf.systemId() != null && !ovf.systemId().isBlank()) {
            return ovf.systemId().strip();
        }
        return ovf.systemName() != null && !ovf.systemName().isBlank() ? ovf.systemName() : fallback;
    }

    private static int cpus(OvfDescriptor.Item item, String where) {
        long n = number(item, where);
        if (n < 1 || n > 1024) {
            throw VireoException.invalid(where + ": item '" + item.label() + "' asks for " + n + " CPUs");
        }
        return (int) n;
    }

    /** VirtualQuantity × AllocationUnits; no units means MiB, what exporters that omit them meant. */
    private static long memory(OvfDescriptor.Item item, String where) {
        String units = item.allocationUnits() == null ? "byte * 2^20" : item.allocationUnits();
        long bytes = OvfReader.bytes(Objects.requireNonNullElse(item.virtualQuantity(), ""), units, where,
                "the memory of item '" + item.label() + "'");
        if (bytes < 1L << 20) {
            throw VireoException.invalid(where + ": item '" + item.label() + "' asks for " + bytes + " bytes of memory");
        }
        return bytes;
    }

    private static long number(OvfDescriptor.Item item, String where) {
        try {
            return Long.parseLong(Objects.requireNonNullElse(item.virtualQuantity(), ""));
        } catch (NumberFormatException e) {
            throw VireoException.invalid(where + ": item '" + item.label() + "' has VirtualQuantity '"
                    + Objects.requireNonNullElse(item.virtualQuantity(), "") + "'; expected a number");
        }
    }

    /** HostResource is ovf:/disk/ID (a DiskSection entry) or ovf:/file/ID (a File); "ovf:" may be missing. */
    private static void disk(OvfDescriptor ovf, OvfDescriptor.Item item, List<DiskSource> disks, Set<String> usedDisks,
            List<String> warnings) {
        String ref = item.hostResource();
        if (ref == null) {
            warnings.add("item '" + item.label() + "' (ResourceType 17, disk drive) names no disk; skipped");
            return;
        }
        String path = resourcePath(item);
        if (path.startsWith("/disk/")) {
            String id = path.substring(6);
            OvfDescriptor.Disk d = ovf.disks().get(id);
            if (d == null) {
                throw VireoException.invalid(ovf.fileName() + ": item '" + item.label() + "' refers to disk '" + id
                        + "', which is not in its DiskSection");
            }
            usedDisks.add(id);
            disks.add(new DiskSource(item.label(), d.fileRef() == null ? null : href(ovf, d.fileRef(), item), d.capacityBytes()));
        } else if (path.startsWith("/file/")) {
            disks.add(new DiskSource(item.label(), href(ovf, path.substring(6), item), -1));
        } else {
            throw VireoException.invalid(ovf.fileName() + ": item '" + item.label() + "' has HostResource '" + ref
                    + "'; expected ovf:/disk/ID or ovf:/file/ID");
        }
    }

    private static String href(OvfDescriptor ovf, String fileRef, OvfDescriptor.Item item) {
        String href = ovf.files().get(fileRef);
        if (href == null) {
            throw VireoException.invalid(ovf.fileName() + ": item '" + item.label() + "' refers to file '" + fileRef
                    + "', which is not in its References");
        }
        return href;
    }

    private static String mac(OvfDescriptor.Item item, List<String> warnings) {
        String address = item.address();
        if (address == null) {
            return null;
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (!MAC.matcher(a).matches()) {
            warnings.add("NIC '" + item.label() + "' has address '" + address + "', which is not a MAC; a new one is used");
            return null;
        }
        String hex = a.replaceAll("[:-]", "");
        if (hex.equals("000000000000")) {
            warnings.add("NIC '" + item.label() + "' has address '" + address + "', which is not a MAC; a new one is used");
            return null;
        }
        if ((Integer.parseInt(hex.substring(0, 2), 16) & 1) != 0) {
            warnings.add("NIC '" + item.label() + "' has multicast address '" + address + "'; a new one is used");
            return null;
        }
        return hex.replaceAll("(..)(?!$)", "$1:");
    }

    private static String skipped(OvfDescriptor.Item item, OvfDescriptor ovf) {
        int type = item.resourceType();
        StringBuilder what = new StringBuilder("ResourceType ").append(type).append(", ")
                .append(TYPE_NAMES.getOrDefault(type, "unknown"));
        if (item.subType() != null && (type == 1 || type == 35 || type == 24)) {
            what.append(": ").append(item.subType());
        }
        String file = backingFile(item, ovf);
        if (file != null) {
            what.append(", file '").append(file).append('\'');
        }
        return "item '" + item.label() + "' (" + what + ") not supported; skipped";
    }

    /** The package file a CD, DVD or floppy item would show, if it names one. */
    private static String backingFile(OvfDescriptor.Item item, OvfDescriptor ovf) {
        String path = resourcePath(item);
        String fileRef = path == null ? null
                : path.startsWith("/file/") ? path.substring(6)
                : diskId(item).map(ovf.disks()::get).map(OvfDescriptor.Disk::fileRef).orElse(null);
        return fileRef == null ? null : ovf.files().get(fileRef);
    }

    private static Optional<String> diskId(OvfDescriptor.Item item) {
        String path = resourcePath(item);
        return path != null && path.startsWith("/disk/") ? Optional.of(path.substring(6)) : Optional.empty();
    }

    /** HostResource without its optional "ovf:" scheme, or null. */
    private static String resourcePath(OvfDescriptor.Item item) {
        String ref = item.hostResource();
        return ref == null ? null : ref.startsWith("ovf:") ? ref.substring(4) : ref;
    }
}
