package dev.vireo.cloudinit;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.seed.NoCloudSeed;
import dev.vireo.core.seed.SeedWriter;
import dev.vireo.core.util.Files2;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a NoCloud seed ISO ({@code meta-data}, {@code user-data}, {@code vendor-data} when volumes are
 * mounted, {@code network-config} for several NICs; volume id {@code cidata})
 * with {@code xorriso -as mkisofs}. The ISO is built beside the target and renamed into place,
 * so the target is either the old file, the complete new one, or absent; nothing else is left.
 */
public final class XorrisoSeedWriter implements SeedWriter {
    private static final Logger LOG = LoggerFactory.getLogger(XorrisoSeedWriter.class);

    private final String xorriso;
    private final Duration timeout;

    public XorrisoSeedWriter() {
        this("xorriso", Duration.ofSeconds(60));
    }

    XorrisoSeedWriter(String xorriso, Duration timeout) {
        this.xorriso = Objects.requireNonNull(xorriso);
        this.timeout = Objects.requireNonNull(timeout);
    }

    @Override
    public void writeIso(NoCloudSeed seed, Path iso) {
        Path target = iso.toAbsolutePath();
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            // the work dir sits beside the target so the final rename stays on one filesystem
            work = Files.createTempDirectory(target.getParent(), ".seed-");
            Path content = Files.createDirectory(work.resolve("cidata"));
            Files.writeString(content.resolve("meta-data"), MetaDataYaml.render(seed), StandardCharsets.UTF_8);
            Files.writeString(content.resolve("user-data"), seed.userData(), StandardCharsets.UTF_8);
            if (!seed.mounts().isEmpty()) {
                Files.writeString(content.resolve("vendor-data"), VendorDataYaml.render(seed.mounts()),
                        StandardCharsets.UTF_8);
            }
            if (!seed.dhcpMacs().isEmpty()) {
                Files.writeString(content.resolve("network-config"), NetworkConfigYaml.render(seed.dhcpMacs()),
                        StandardCharsets.UTF_8);
            }
            Path built = work.resolve("seed.iso");
            mkisofs(content, built);
            moveIntoPlace(built, target);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write seed " + target + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                deleteQuietly(work);
            }
        }
    }

    private void mkisofs(Path content, Path out) throws IOException {
        List<String> argv = List.of(xorriso, "-as", "mkisofs", "-quiet", "-o", out.toString(), "-V", "cidata",
                "-J", "-r", content.toString());
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "xorriso not found: install the xorriso package", e);
        }
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new VireoException(ErrorCode.TIMEOUT, "xorriso did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, "interrupted while writing the seed ISO", e);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
            LOG.warn("xorriso failed ({}): {}", process.exitValue(), output.strip());
            throw new VireoException(ErrorCode.INTERNAL, "xorriso failed: " + lastLine(output));
        }
    }

    private static void moveIntoPlace(Path built, Path target) throws IOException {
        try {
            Files.move(built, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(built, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String lastLine(String output) {
        List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no output" : lines.getLast().strip();
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files2.deleteTree(dir);
        } catch (UncheckedIOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }
}
