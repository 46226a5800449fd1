package dev.vireo.core.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * An image in the store. When {@code kernel} is set the image boots directly from the kernel
 * and initrd kept beside the disk with {@code cmdline}; otherwise through firmware.
 * {@code readyMarker} is a regex on the serial console that means first boot has finished.
 * {@code defaultUser} is the login user (null: guessed from the alias). A {@code template} was
 * published from an instance: every instance launched from it gets a fresh guest identity.
 */
public record Image(
        String alias,
        String fingerprint,
        String format,
        Path disk,
        Path kernel,
        Path initrd,
        String cmdline,
        long sizeBytes,
        long virtualSizeBytes,
        String source,
        String readyMarker,
        boolean cloudInit,
        Instant createdAt,
        String defaultUser,
        boolean template) {

    /** An image made by the store (imported or built): no template, user guessed from the alias. */
    public Image(String alias, String fingerprint, String format, Path disk, Path kernel, Path initrd, String cmdline,
            long sizeBytes, long virtualSizeBytes, String source, String readyMarker, boolean cloudInit,
            Instant createdAt) {
        this(alias, fingerprint, format, disk, kernel, initrd, cmdline, sizeBytes, virtualSizeBytes, source,
                readyMarker, cloudInit, createdAt, null, false);
    }

    public Image {
        Objects.requireNonNull(alias);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(format);
        Objects.requireNonNull(disk);
        Objects.requireNonNull(createdAt);
    }

    public String boot() {
        return kernel != null ? "kernel" : "firmware";
    }
}
