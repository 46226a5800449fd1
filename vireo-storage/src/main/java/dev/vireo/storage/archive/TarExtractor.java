package dev.vireo.storage.archive;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a flat tar archive (optionally gzip-compressed, detected by its magic) of regular files
 * into a directory, refusing anything that could write outside it or is not a plain file: names
 * with {@code ..} components, absolute names, subdirectories, symbolic and hard links, devices,
 * FIFOs, sparse files, duplicate names and names that are not {@link PlainNames#isPlain plain}.
 * Each file gets exactly the bytes its header declares. On any refusal the files written so far
 * are removed and a one-line INVALID_ARGUMENT error names the entry and the archive.
 */
public final class TarExtractor {
    /** More members than this is not an appliance or a box but something else. */
    public static final int DEFAULT_MAX_ENTRIES = 256;
    private static final int GZIP_MAGIC = 0x1f8b;

    private final int maxEntries;

    public TarExtractor() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public TarExtractor(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Whether {@code file} starts like a gzip stream or has the ustar magic of a tar header. */
    public static boolean looksLikeArchive(Path file) throws IOException {
        byte[] head = new byte[263];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return n >= 2 && ((head[0] & 0xff) << 8 | head[1] & 0xff) == GZIP_MAGIC
                || n == head.length && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /**
     * Extracts {@code archive} into the existing, empty directory {@code dir}; {@code displayName}
     * names the archive in errors. Returns the file names in archive order.
     */
    public List<String> extract(Path archive, String displayName, Path dir, Progress progress) {
        requireEmpty(dir);
        List<String> names = new ArrayList<>();
        boolean done = false;
        try (InputStream file = Files.newInputStream(archive)) {
            long total = Files.size(archive);
            CountingStream counted = new CountingStream(new BufferedInputStream(file, 1 << 16));
            InputStream tar = isGzip(counted) ? new GZIPInputStream(counted, 1 << 16) : counted;
            TarReader reader = new TarReader(tar, displayName);
            TarEntry entry;
            long[] percent = {-1}; // report whole percents only
            while ((entry = reader.next()) != null) {
                String name = check(entry, displayName, names);
                if (name == null) {
                    continue; // the archive's own "./" directory
                }
                requireSpace(dir, entry, displayName);
                names.add(name);
                copy(reader, dir.resolve(name), displayName, () -> report(progress, name, counted.count, total, percent));
            }
            done = true;
            return List.copyOf(names);
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, "extraction of " + displayName + " was interrupted", e);
        } catch (IOException e) {
            throw VireoException.invalid("cannot read " + displayName + ": " + e.getMessage());
        } finally {
            if (!done) {
                names.forEach(n -> deleteQuietly(dir.resolve(n)));
            }
        }
    }

    /** The name to create for {@code entry}, null to skip it, or a refusal. */
    private String check(TarEntry entry, String archive, List<String> seen) {
        String raw = entry.name();
        String shown = "tar entry '" + PlainNames.printable(raw) + "' in " + archive;
        String name = raw;
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (raw.startsWith("/")) {
            throw VireoException.invalid(shown + " is an absolute path");
        }
        if (List.of(name.split("/", -1)).contains("..")) {
            throw VireoException.invalid(shown + " escapes the archive");
        }
        if (entry.type() == '5' && (name.isEmpty() || name.equals("."))) {
            return null;
        }
        if (!entry.isRegular()) {
            throw VireoException.invalid(shown + " is " + entry.kind() + "; only regular files are allowed");
        }
        if (name.contains("/")) {
            throw VireoException.invalid(shown + " is in a subdirectory; only files at the top level are allowed");
        }
        if (!PlainNames.isPlain(name)) {
            throw VireoException.invalid(shown + " has an unsafe name");
        }
        if (seen.contains(name)) {
            throw VireoException.invalid(shown + " appears twice");
        }
        if (seen.size() >= maxEntries) {
            throw VireoException.invalid(archive + " has more than " + maxEntries + " files");
        }
        return name;
    }

    private static void requireEmpty(Path dir) {
        try (var list = Files.list(dir)) {
            if (list.findAny().isPresent()) {
                throw new IllegalArgumentException(dir + " is not empty");
            }
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void requireSpace(Path dir, TarEntry entry, String archive) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (entry.size() > free) {
            throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, "tar entry '" + entry.name() + "' in " + archive
                    + " needs " + Sizes.format(entry.size()) + "; " + dir + " has " + Sizes.format(free) + " free");
        }
    }

    private static void copy(TarReader reader, Path target, String archive, Runnable onChunk) throws IOException {
        byte[] buffer = new byte[1 << 20];
        InputStream in = reader.content();
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("extraction of " + archive + " interrupted");
                }
                write(out, buffer, n, target);
                onChunk.run();
            }
        }
    }

    private static void report(Progress progress, String name, long done, long total, long[] percent) {
        long now = total > 0 ? done * 100 / total : done >> 26;
        if (now != percent[0]) {
            percent[0] = now;
            progress.update(total > 0 ? Math.min(1.0, (double) done / total) : -1, "extracting " + name);
        }
    }

    /** Write errors (a full disk) are ours, not the archive's: say so. */
    private static void write(OutputStream out, byte[] buffer, int n, Path target) {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int magic = in.read() << 8 | in.read();
        in.reset();
        return magic == GZIP_MAGIC;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the caller deletes the whole directory anyway
        }
    }

    /** Counts the bytes read from the archive file, for progress (compressed or not). */
    private static final class CountingStream extends FilterInputStream {
        private long count;
        private long marked;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = marked;
        }
    }
}
