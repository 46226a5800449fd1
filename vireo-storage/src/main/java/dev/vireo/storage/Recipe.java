package dev.vireo.storage;

import java.io.IOException;

/**
 * An offline image build. It writes {@link FileImageStore#DISK} (and, for kernel-boot images,
 * {@link FileImageStore#KERNEL} and {@link FileImageStore#INITRD}) into {@link BuildContext#out()}.
 */
interface Recipe {
    String name();

    /** Everything that shapes the result (packages, scripts, settings, a version); its hash keys the cache. */
    String definition();

    /** Kernel command line, or null for firmware boot. */
    String cmdline();

    /** Serial-console regex meaning first boot finished. */
    String readyMarker();

    boolean cloudInit();

    void build(BuildContext ctx) throws IOException;

    default String hash() {
        return Trees.sha256(definition());
    }
}
