package dev.vireo.api;

import java.time.Instant;
import java.util.List;

/**
 * An image in the store. {@code boot} is "kernel" (direct kernel boot, kernel and initrd kept
 * beside the disk) or "firmware". {@code readyMarker} is the serial-console regex that means
 * first boot finished (cloud-init's final message for cloud images).
 */
public record ImageView(
        String alias,
        String fingerprint,
        String format,
        long sizeBytes,
        long virtualSizeBytes,
        String boot,
        String source,
        String readyMarker,
        boolean cloudInit,
        Instant createdAt,
        List<String> usedBy) {}
