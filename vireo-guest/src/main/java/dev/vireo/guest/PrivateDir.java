package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A 0700 temporary directory for one edit (the raw export, new keys), removed with all it holds on close. */
final class PrivateDir implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateDir.class);

    private final Path path;

    private PrivateDir(Path path) {
        this.path = path;
    }

    static PrivateDir create(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new PrivateDir(dir.toRealPath()); // the real path is what /proc/self/mountinfo shows
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create a private directory in " + parent + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** A new 0700 subdirectory. */
    Path subdir(String name) {
        try {
            return Files.createDirectory(path.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create " + path.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove {}: {}", path, e.toString());
            throw new VireoException(ErrorCode.INTERNAL, "cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
