package dev.vireo.core.image;

import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.op.Progress;
import java.nio.file.Path;
import java.util.List;

/**
 * SPI: image files on this host. Records of which images exist live in the StateStore; the
 * store only makes and removes files, and never leaves a half-written image behind (a failed
 * import or build removes what it wrote).
 */
public interface ImageStore {
    /**
     * Imports a qcow2, raw, vmdk, vdi or vhdx disk, or a libvirt Vagrant box (detected by
     * content), from a host path or an http(s) URL, verifying {@code sha256} (hex) when given.
     * The result is stored as qcow2.
     */
    Image importDisk(String source, String alias, String sha256, Progress progress);

    /**
     * Builds a recipe (see {@link #recipes()}) offline. Builds are cached by a hash of the
     * recipe: a second build of the same recipe returns the cached files unless {@code rebuild}.
     */
    Image build(String recipe, boolean rebuild, Progress progress);

    /** Recipes this store can build, e.g. "debian/12" and "tiny". */
    List<String> recipes();

    /**
     * Takes a prepared standalone qcow2 {@code disk} (moved, not copied) and the profile's boot
     * files (copied) into the store as a new image published from an instance.
     */
    Image adopt(String alias, Path disk, GuestProfile profile, String source, Progress progress);

    /** Removes the image's files. */
    void delete(Image image);
}
