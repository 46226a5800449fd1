package dev.vireo.core.instance;

import dev.vireo.core.image.Image;
import java.nio.file.Path;

/**
 * How an instance's guest boots, tells that it is ready and is logged into. Taken from the image
 * at creation and kept with the instance, so that a full clone or an imported appliance needs no
 * image. {@code kernel} null means firmware boot; {@code readyMarker} null means no wait.
 */
public record GuestProfile(
        Path kernel,
        Path initrd,
        String cmdline,
        String readyMarker,
        boolean cloudInit,
        String user) {

    public static GuestProfile of(Image image) {
        return new GuestProfile(image.kernel(), image.initrd(), image.cmdline(), image.readyMarker(),
                image.cloudInit(), image.defaultUser() != null ? image.defaultUser() : DefaultUser.of(image.alias()));
    }

    /** The same profile with the boot files moved, e.g. into a clone's own directory. */
    public GuestProfile withBootFiles(Path newKernel, Path newInitrd) {
        return new GuestProfile(newKernel, newInitrd, cmdline, readyMarker, cloudInit, user);
    }
}
