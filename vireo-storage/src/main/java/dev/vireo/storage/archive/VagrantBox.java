package dev.vireo.storage.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Vagrant box for the libvirt provider: a tar (usually gzip-compressed) holding
 * {@code metadata.json} ({@code {"provider":"libvirt","format":"qcow2","virtual_size":N}}),
 * {@code box.img} and perhaps a {@code Vagrantfile}. Unpacked with {@link TarExtractor}'s checks.
 */
public final class VagrantBox {
    public static final String METADATA = "metadata.json";
    public static final String DISK = "box.img";
    private static final long MAX_METADATA = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VagrantBox() {}

    /**
     * Extracts {@code box} into the empty directory {@code dir}, checks that it is a libvirt box
     * with a qcow2 disk, and returns the path of {@code box.img} (whose format the caller still
     * checks with qemu-img). {@code displayName} names the box in errors.
     */
    public static Path extract(Path box, String displayName, Path dir, Progress progress) {
        List<String> names = new TarExtractor().extract(box, displayName, dir, progress);
        if (!names.contains(METADATA)) {
            throw VireoException.invalid(displayName + " is a tar archive but not a vagrant box (it has no " + METADATA + ")");
        }
        JsonNode metadata = readMetadata(dir.resolve(METADATA), displayName);
        String provider = metadata.path("provider").asText("");
        if (!provider.equals("libvirt")) {
            throw VireoException.invalid("vagrant box for provider '" + PlainNames.printable(provider)
                    + "'; only libvirt boxes are supported");
        }
        String format = metadata.path("format").asText("qcow2");
        if (!format.equals("qcow2")) {
            throw VireoException.invalid("vagrant box " + displayName + " has disk format '" + PlainNames.printable(format)
                    + "'; only qcow2 is supported");
        }
        if (!names.contains(DISK)) {
            throw VireoException.invalid("vagrant box " + displayName + " has no " + DISK);
        }
        return dir.resolve(DISK);
    }

    private static JsonNode readMetadata(Path file, String displayName) {
        try {
            if (Files.size(file) > MAX_METADATA) {
                throw VireoException.invalid(METADATA + " in " + displayName + " is larger than " + MAX_METADATA + " bytes");
            }
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw VireoException.invalid(METADATA + " in " + displayName + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw VireoException.invalid(METADATA + " in " + displayName + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
