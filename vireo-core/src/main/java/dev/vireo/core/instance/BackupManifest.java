package dev.vireo.core.instance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.VireoException;
import dev.vireo.api.client.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The description kept beside each backup file ({@code NAME.json} beside {@code NAME.qcow2}):
 * enough to bring the instance back on any host without its image. {@code base} is the file
 * name of the backup an incremental one builds on; boot files are named relative to the
 * backup's directory.
 */
record BackupManifest(
        int version,
        String instance,
        UUID uuid,
        String file,
        String base,
        long diskBytes,
        int cpus,
        long memoryBytes,
        String macAddress,
        List<String> sshKeys,
        String userData,
        String image,
        String kernel,
        String initrd,
        String cmdline,
        String readyMarker,
        boolean cloudInit,
        String user,
        Instant createdAt) {

    static final int VERSION = 1;
    private static final ObjectMapper READER = Json.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    boolean incremental() {
        return base != null;
    }

    /** The description file of the backup file {@code backup}. */
    static Path of(Path backup) {
        String name = backup.getFileName().toString();
        return backup.resolveSibling(name.substring(0, name.length() - ".qcow2".length()) + ".json");
    }

    void write(Path dir) {
        Path target = of(dir.resolve(file));
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Json.pretty(this));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Reads the description of backup file {@code backup}; a missing or broken one is a clear 4xx. */
    static BackupManifest read(Path backup) {
        Path file = of(backup);
        if (!Files.isRegularFile(file)) {
            throw VireoException.invalid("no backup description " + file.getFileName() + " beside " + backup);
        }
        try {
            BackupManifest m = READER.readValue(file.toFile(), BackupManifest.class);
            if (m.version() != VERSION || m.instance() == null || m.uuid() == null || m.file() == null
                    || !m.file().equals(backup.getFileName().toString()) || m.cpus() < 1 || m.memoryBytes() <= 0
                    || m.macAddress() == null || m.createdAt() == null) {
                throw VireoException.invalid(file + " is not a backup description of " + backup.getFileName());
            }
            return m;
        } catch (IOException e) {
            throw VireoException.invalid("cannot read backup description " + file + ": " + e.getMessage());
        }
    }
}
