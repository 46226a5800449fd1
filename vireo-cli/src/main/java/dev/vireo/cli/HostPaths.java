package dev.vireo.cli;

import dev.vireo.api.VireoException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Files the daemon reads or writes on this host: made absolute here, since its working directory is not ours. */
final class HostPaths {
    private HostPaths() {}

    static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw VireoException.invalid("invalid path '" + path + "': " + e.getReason());
        }
    }

    /** True when the file name ends in one of {@code extensions} (".ova"), in any case. */
    static boolean hasExtension(String path, String... extensions) {
        String lower = path.toLowerCase(Locale.ROOT);
        return Arrays.stream(extensions).anyMatch(lower::endsWith);
    }
}
