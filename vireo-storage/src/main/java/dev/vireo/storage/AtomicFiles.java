package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/** Files that appear whole or not at all. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Makes {@code target} under a hidden temporary name in its directory and links it into place:
     * unlike rename, the link never replaces a file made meanwhile. The temporary file is gone
     * afterwards whether {@code make} succeeded or threw.
     *
     * @throws VireoException ALREADY_EXISTS when {@code target} exists
     */
    public static void create(Path target, Consumer<Path> make) {
        Path disk = target.toAbsolutePath();
        if (Files.exists(disk)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "disk " + disk + " already exists");
        }
        Path tmp = disk.resolveSibling("." + disk.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            make.accept(tmp);
            Files.createLink(disk, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "disk " + disk + " already exists");
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create disk " + disk + ": " + e.getMessage(), e);
        } finally {
            deleteIfExists(tmp);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do: the name is unique and hidden
        }
    }
}
