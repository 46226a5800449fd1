package dev.vireo.core.fakes;

import dev.vireo.core.seed.NoCloudSeed;
import dev.vireo.core.seed.SeedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SeedWriter that writes the seed as readable text (meta-data then user-data) instead of an ISO. */
public final class FakeSeedWriter implements SeedWriter {
    private final Map<Path, NoCloudSeed> written = new ConcurrentHashMap<>();

    @Override
    public void writeIso(NoCloudSeed seed, Path iso) {
        StringBuilder text = new StringBuilder()
                .append("instance-id: ").append(seed.instanceId()).append('\n')
                .append("local-hostname: ").append(seed.hostname()).append('\n')
                .append("public-keys:\n");
        seed.publicKeys().forEach(k -> text.append("  - ").append(k).append('\n'));
        text.append("--- user-data\n").append(seed.userData());
        seed.mounts().forEach(m -> text.append("--- mount ").append(m.device()).append(' ').append(m.path())
                .append('\n'));
        try {
            Files.writeString(iso, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.put(iso, seed);
    }

    /** The seed last written to {@code iso}, or null. */
    public NoCloudSeed seedAt(Path iso) {
        return written.get(iso);
    }
}
