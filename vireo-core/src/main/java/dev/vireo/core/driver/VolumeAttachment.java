package dev.vireo.core.driver;

import dev.vireo.core.volume.BlockDevice;
import java.util.Objects;

/**
 * A volume as an instance sees it: the device backing it, and the hot-plug slot it occupies
 * ({@code 0 <= slot < SLOTS}). The guest finds it by its serial, the volume's name
 * ({@code /dev/disk/by-id/virtio-NAME} in a VM).
 */
public record VolumeAttachment(String volume, BlockDevice device, int slot) {
    /** Hot-plug slots per instance: each VM gets this many empty PCIe root ports. */
    public static final int SLOTS = 8;

    /** virtio-blk serials are at most 20 bytes, and the serial is how a guest names the volume. */
    public static final int MAX_NAME = 20;

    public VolumeAttachment {
        Objects.requireNonNull(volume);
        Objects.requireNonNull(device);
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        if (volume.length() > MAX_NAME) {
            throw new IllegalArgumentException("volume name longer than " + MAX_NAME + ": " + volume);
        }
    }
}
