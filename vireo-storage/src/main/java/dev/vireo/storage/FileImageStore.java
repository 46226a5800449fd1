package dev.vireo.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.image.ImageStore;
import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image files under one directory: {@code <fingerprint>/disk.qcow2}, plus {@code vmlinuz} and
 * {@code initrd.img} for kernel-boot images and {@code build.json} for built ones. Work happens
 * in {@code .tmp-*} dirs beside them and finished dirs are renamed into place, so an image dir
 * is complete or absent; leftovers of a crash are swept when the store starts.
 *
 * <p>Fingerprints: for an import, the SHA-256 of the source bytes as fetched (what a user's
 * {@code --sha256} is checked against); for a build, the SHA-256 of the stored disk.qcow2, or
 * for kernel-boot builds of the disk, kernel and initrd together (see {@link #buildFingerprint}).
 */
public final class FileImageStore implements ImageStore {
    public static final String DISK = "disk.qcow2";
    public static final String KERNEL = "vmlinuz";
    public static final String INITRD = "initrd.img";
    static final String STAMP = "build.json";
    static final String TMP_PREFIX = ".tmp-";
    /** cloud-init's final message: first boot of a cloud image has finished. */
    public static final String CLOUD_INIT_READY = "Cloud-init v\\. \\S+ finished at";

    private static final Logger LOG = LoggerFactory.getLogger(FileImageStore.class);
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What build.json records: which recipe definition made this dir, and when. */
    record BuildStamp(String recipe, String recipeHash, String createdAt) {
        BuildStamp {
            Objects.requireNonNull(recipe);
            Objects.requireNonNull(recipeHash);
            Objects.requireNonNull(createdAt);
        }
    }

    private final Path dir;
    private final QemuImg qemuImg;
    private final DiskImport imports;
    private final Map<String, Recipe> recipes = new LinkedHashMap<>();
    private final Clock clock;
    private final ConcurrentHashMap<String, ReentrantLock> buildLocks = new ConcurrentHashMap<>();

    public FileImageStore(Path imagesDir) {
        this(imagesDir, DebianMirror.DEFAULT);
    }

    public FileImageStore(Path imagesDir, DebianMirror mirror) {
        this(imagesDir, new QemuImg(), SourceFetcher.withDefaultClient(),
                List.of(new DebianRecipe(mirror), new TinyRecipe(mirror)), Clock.systemUTC());
    }

    FileImageStore(Path imagesDir, QemuImg qemuImg, SourceFetcher fetcher, List<Recipe> recipes, Clock clock) {
        this.dir = imagesDir.toAbsolutePath();
        this.qemuImg = Objects.requireNonNull(qemuImg);
        this.imports = new DiskImport(qemuImg, Objects.requireNonNull(fetcher));
        this.clock = Objects.requireNonNull(clock);
        recipes.forEach(r -> this.recipes.put(r.name(), r));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create image directory " + dir, e);
        }
        sweepLeftovers();
    }

    @Override
    public Image importDisk(String source, String alias, String sha256, Progress progress) {
        Objects.requireNonNull(source);
        Objects.requireNonNull(alias);
        Path work = newWorkDir("import-");
        try {
            Path out = Files.createDirectory(work.resolve("out"));
            String fingerprint = imports.run(source, sha256, work, out.resolve(DISK), progress);
            Path imageDir = publish(out, fingerprint, d -> Files.isRegularFile(d.resolve(DISK)));
            Path disk = imageDir.resolve(DISK);
            progress.update(1.0, "imported " + alias);
            return new Image(alias, fingerprint, "qcow2", disk, null, null, null, Files.size(disk),
                    qemuImg.info(disk).virtualSize(), source, CLOUD_INIT_READY, true, clock.instant());
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot import " + source + ": " + e.getMessage(), e);
        } finally {
            Trees.delete(work);
        }
    }

    /**
     * A template published from an instance: the disk is moved in (its sha256 is the fingerprint),
     * the boot files are copied beside it, and the profile's readiness, cloud-init and user kept.
     */
    @Override
    public Image adopt(String alias, Path disk, GuestProfile profile, String source, Progress progress) {
        Path work = newWorkDir("publish-");
        try {
            Path out = Files.createDirectory(work.resolve("out"));
            progress.update(0, "fingerprinting");
            String fingerprint = sha256(disk);
            Files.move(disk, out.resolve(DISK), StandardCopyOption.ATOMIC_MOVE);
            if (profile.kernel() != null) {
                Files.copy(profile.kernel(), out.resolve(KERNEL));
            }
            if (profile.initrd() != null) {
                Files.copy(profile.initrd(), out.resolve(INITRD));
            }
            Path imageDir = publish(out, fingerprint, d -> Files.isRegularFile(d.resolve(DISK)));
            Path stored = imageDir.resolve(DISK);
            progress.update(1.0, "published " + alias);
            return new Image(alias, fingerprint, "qcow2", stored,
                    profile.kernel() == null ? null : imageDir.resolve(KERNEL),
                    profile.initrd() == null ? null : imageDir.resolve(INITRD), profile.cmdline(), Files.size(stored),
                    qemuImg.info(stored).virtualSize(), source, profile.readyMarker(), profile.cloudInit(),
                    clock.instant(), profile.user(), true);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot publish " + alias + ": " + e.getMessage(), e);
        } finally {
            Trees.delete(work);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Image build(String name, boolean rebuild, Progress progress) {
        Recipe recipe = recipes.get(name);
        if (recipe == null) {
            throw VireoException.invalid("unknown image recipe '" + name + "' (known: "
                    + String.join(", ", recipes()) + ")");
        }
        ReentrantLock lock = buildLocks.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
            String hash = recipe.hash();
            if (!rebuild) {
                Optional<Image> cached = cached(recipe, hash);
                if (cached.isPresent()) {
                    progress.update(1.0, "using cached build of " + name);
                    return cached.get();
                }
            }
            return buildNow(recipe, hash, progress);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> recipes() {
        return List.copyOf(recipes.keySet());
    }

    @Override
    public void delete(Image image) {
        if (!FINGERPRINT.matcher(image.fingerprint()).matches()) {
            throw VireoException.invalid("invalid image fingerprint '" + image.fingerprint() + "'");
        }
        Trees.delete(dir.resolve(image.fingerprint()));
    }

    private Image buildNow(Recipe recipe, String hash, Progress progress) {
        Path work = newWorkDir("build-");
        try {
            Path out = Files.createDirectory(work.resolve("out"));
            LOG.info("building image {} (recipe {}) in {}", recipe.name(), hash.substring(0, 12), work);
            recipe.build(new BuildContext(work, out, qemuImg, BuildContext.span(progress, 0, 0.95)));
            progress.update(0.96, "computing fingerprint");
            String fingerprint = buildFingerprint(recipe, out);
            BuildStamp stamp = new BuildStamp(recipe.name(), hash, clock.instant().toString());
            JSON.writeValue(out.resolve(STAMP).toFile(), stamp);
            Path imageDir = publish(out, fingerprint, d -> complete(recipe, d));
            if (!readStamp(imageDir).equals(Optional.of(stamp))) {
                // the same bytes came from a changed definition (say, a version bump): cache them under it
                Path tmp = imageDir.resolve(STAMP + ".tmp");
                JSON.writeValue(tmp.toFile(), stamp);
                Files.move(tmp, imageDir.resolve(STAMP), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            progress.update(1.0, "built " + recipe.name());
            return builtImage(recipe, imageDir, stamp);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot build " + recipe.name() + ": " + e.getMessage(), e);
        } finally {
            Trees.delete(work);
        }
    }

    /**
     * SHA-256 of the disk; for a kernel-boot image, of the disk's, kernel's and initrd's hashes
     * together, since the same (empty) disk can come with a different kernel or initrd.
     */
    static String buildFingerprint(Recipe recipe, Path dir) {
        String disk = Trees.sha256(dir.resolve(DISK));
        if (recipe.cmdline() == null) {
            return disk;
        }
        return Trees.sha256(DISK + " " + disk + "\n" + KERNEL + " " + Trees.sha256(dir.resolve(KERNEL)) + "\n"
                + INITRD + " " + Trees.sha256(dir.resolve(INITRD)) + "\n");
    }

    /** The newest complete build of this recipe definition, if any. */
    private Optional<Image> cached(Recipe recipe, String hash) {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> FINGERPRINT.matcher(p.getFileName().toString()).matches()).forEach(candidates::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        record Hit(Path dir, BuildStamp stamp) {}
        return candidates.stream()
                .flatMap(d -> readStamp(d).map(s -> new Hit(d, s)).stream())
                .filter(h -> h.stamp().recipe().equals(recipe.name()) && h.stamp().recipeHash().equals(hash))
                .filter(h -> complete(recipe, h.dir()))
                .max(Comparator.comparing(h -> Instant.parse(h.stamp().createdAt())))
                .map(h -> builtImage(recipe, h.dir(), h.stamp()));
    }

    private static boolean complete(Recipe recipe, Path imageDir) {
        boolean kernelBoot = recipe.cmdline() != null;
        return Files.isRegularFile(imageDir.resolve(DISK))
                && (!kernelBoot || Files.isRegularFile(imageDir.resolve(KERNEL)) && Files.isRegularFile(imageDir.resolve(INITRD)));
    }

    private static Optional<BuildStamp> readStamp(Path imageDir) {
        Path file = imageDir.resolve(STAMP);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), BuildStamp.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private Image builtImage(Recipe recipe, Path imageDir, BuildStamp stamp) {
        Path disk = imageDir.resolve(DISK);
        boolean kernelBoot = recipe.cmdline() != null;
        try {
            return new Image(recipe.name(), imageDir.getFileName().toString(), "qcow2", disk,
                    kernelBoot ? imageDir.resolve(KERNEL) : null, kernelBoot ? imageDir.resolve(INITRD) : null,
                    recipe.cmdline(), Files.size(disk), qemuImg.info(disk).virtualSize(), "recipe:" + recipe.name(),
                    recipe.readyMarker(), recipe.cloudInit(), Instant.parse(stamp.createdAt()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + disk, e);
        }
    }

    /**
     * Renames a finished {@code out} dir to {@code <fingerprint>}. When a complete dir of that
     * name exists (the same bytes were stored before) it is kept and {@code out} dropped; an
     * incomplete one (a file deleted by hand) is replaced.
     */
    private Path publish(Path out, String fingerprint, Predicate<Path> complete) throws IOException {
        Path target = dir.resolve(fingerprint);
        if (Files.isDirectory(target)) {
            if (complete.test(target)) {
                return target;
            }
            LOG.warn("replacing incomplete image dir {}", target);
            Trees.delete(target);
        }
        try {
            Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            LOG.debug("{} appeared meanwhile; keeping it", target);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("work dir and " + dir + " are on different filesystems", e);
        }
        return target;
    }

    private Path newWorkDir(String kind) {
        try {
            return Files.createTempDirectory(dir, TMP_PREFIX + kind);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create a work dir in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes work dirs a crashed daemon left; one store owns the dir, so none is in use now. */
    private void sweepLeftovers() {
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).toList().forEach(p -> {
                LOG.warn("removing unfinished image work dir {}", p);
                Trees.delete(p);
            });
        } catch (IOException e) {
            LOG.warn("cannot sweep {}: {}", dir, e.toString());
        }
    }
}
