package dev.vireo.storage.ova;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an OVF descriptor says, before any of it is mapped to Vireo: the package's files, its
 * disks, and the one virtual system's name, hardware items and (optional) Vireo boot section.
 * {@code warnings} name sections the reader did not understand.
 */
record OvfDescriptor(
        String fileName,
        Map<String, String> files,
        Map<String, Disk> disks,
        String systemId,
        String systemName,
        List<Item> items,
        Boot boot,
        List<String> warnings) {

    OvfDescriptor {
        Objects.requireNonNull(fileName);
        files = Map.copyOf(files);
        disks = Map.copyOf(disks);
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    /** A DiskSection entry; {@code fileRef} is null for a blank disk to be created. */
    record Disk(String id, String fileRef, long capacityBytes) {
        Disk {
            Objects.requireNonNull(id);
        }
    }

    /**
     * A hardware item (RASD {@code Item}, or OVF 2's {@code StorageItem} / {@code EthernetPortItem}),
     * with the fields Vireo reads; absent ones are null. {@code label} is what messages call it.
     */
    record Item(String label, int resourceType, String subType, String virtualQuantity, String allocationUnits,
            String address, String hostResource) {
        Item {
            Objects.requireNonNull(label);
        }
    }

    /** Vireo's boot section: File ids of the kernel and initrd (null when absent) and the command line. */
    record Boot(String kernelRef, String initrdRef, String cmdline) {}
}
