package dev.vireo.core.fakes;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.image.ImageStore;
import dev.vireo.core.op.Progress;
import dev.vireo.core.util.Files2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ImageStore that writes a few bytes per image under a temp dir. Knows the recipes "debian/12"
 * (cloud-init, kernel boot, ready marker {@link #READY_MARKER}) and "tiny" (kernel boot, no
 * cloud-init, no marker). Imports copy a host file; a sha256 that does not match is refused.
 */
public final class FakeImageStore implements ImageStore {
    /** The line FakeDriver writes to the serial log at start by default. */
    public static final String READY_LINE = "[fake] Cloud-init v. 22.4 finished at Thu, 01 Jan 2026";
    public static final String READY_MARKER = "Cloud-init v\\. \\S+ finished";
    public static final long DEBIAN_VIRTUAL_SIZE = 2L << 30;
    public static final long TINY_VIRTUAL_SIZE = 64L << 20;

    private final Path dir;
    private final AtomicInteger generation = new AtomicInteger();
    private final CopyOnWriteArrayList<String> builds = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Image> deleted = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;
    private volatile Gate buildGate;

    public FakeImageStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public Image importDisk(String source, String alias, String sha256, Progress progress) {
        fail();
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw VireoException.notFound("image source " + source);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sum = sha256(bytes);
            if (sha256 != null && !sha256.equalsIgnoreCase(sum)) {
                throw new VireoException(ErrorCode.CHECKSUM_MISMATCH, "sha256 of " + source + " is " + sum
                        + ", expected " + sha256);
            }
            progress.update(0.5, "copying");
            Path imageDir = Files.createDirectories(dir.resolve(sum));
            Path disk = Files.write(imageDir.resolve("disk.qcow2"), bytes);
            return new Image(alias, sum, "qcow2", disk, null, null, null, bytes.length, bytes.length, source, null,
                    true, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Image build(String recipe, boolean rebuild, Progress progress) {
        progress.update(0.1, "building " + recipe);
        Gate gate = buildGate;
        if (gate != null) {
            buildGate = null;
            gate.pass();
        }
        fail();
        if (!recipes().contains(recipe)) {
            throw VireoException.invalid("unknown recipe " + recipe);
        }
        builds.add(recipe);
        String fingerprint = sha256((recipe + "#" + generation.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        try {
            Path imageDir = Files.createDirectories(dir.resolve(fingerprint));
            Path disk = Files.writeString(imageDir.resolve("disk.qcow2"), "fake qcow2 of " + recipe);
            Path kernel = Files.writeString(imageDir.resolve("vmlinuz"), "fake kernel");
            Path initrd = Files.writeString(imageDir.resolve("initrd.img"), "fake initrd");
            boolean debian = recipe.equals("debian/12");
            return new Image(recipe, fingerprint, "qcow2", disk, kernel, initrd, "root=/dev/vda rw console=ttyS0",
                    Files.size(disk), debian ? DEBIAN_VIRTUAL_SIZE : TINY_VIRTUAL_SIZE, "recipe:" + recipe,
                    debian ? READY_MARKER : null, debian, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Image adopt(String alias, Path disk, dev.vireo.core.instance.GuestProfile profile, String source,
            Progress progress) {
        fail();
        try {
            String fingerprint = sha256((alias + "#" + generation.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
            Path imageDir = Files.createDirectories(dir.resolve(fingerprint));
            Path stored = Files.move(disk, imageDir.resolve("disk.qcow2"));
            return new Image(alias, fingerprint, "qcow2", stored, profile.kernel(), profile.initrd(),
                    profile.cmdline(), Files.size(stored), DEBIAN_VIRTUAL_SIZE, source, profile.readyMarker(),
                    profile.cloudInit(), Instant.now(), profile.user(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> recipes() {
        return List.of("debian/12", "tiny");
    }

    @Override
    public void delete(Image image) {
        deleted.add(image);
        Files2.deleteTree(dir.resolve(image.fingerprint()));
    }

    // ---- what tests set up

    /** Makes later imports and builds throw {@code e}; null to succeed again. */
    public FakeImageStore failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    /** Holds the next build until the gate opens. */
    public Gate holdBuild() {
        Gate gate = new Gate();
        buildGate = gate;
        return gate;
    }

    // ---- what tests look at

    public Path dir() {
        return dir;
    }

    public List<String> builds() {
        return List.copyOf(builds);
    }

    public List<Image> deleted() {
        return List.copyOf(deleted);
    }

    public boolean hasFiles(Image image) {
        return Files.exists(dir.resolve(image.fingerprint()));
    }

    private void fail() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
