package dev.vireo.storage.ova;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.archive.PlainNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OVF manifest ({@code .mf}): one line per file, {@code SHA256(name)= hex}. SHA1 (VirtualBox,
 * older VMware) and SHA512 lines are read too; Vireo writes SHA256.
 */
record Manifest(String name, List<Manifest.Entry> entries) {
    private static final Pattern LINE = Pattern.compile("(SHA1|SHA256|SHA512) ?\\((.+)\\) ?= ?([0-9a-fA-F]+)");
    private static final Map<String, String> JCA = Map.of("SHA1", "SHA-1", "SHA256", "SHA-256", "SHA512", "SHA-512");

    /** One line: algorithm as the manifest spells it, file name, expected digest in lower-case hex. */
    record Entry(String algorithm, String file, String digest) {
        Entry {
            Objects.requireNonNull(algorithm);
            Objects.requireNonNull(file);
            Objects.requireNonNull(digest);
        }
    }

    Manifest {
        Objects.requireNonNull(name);
        entries = List.copyOf(entries);
    }

    static Manifest parse(String name, String text) {
        List<Entry> entries = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.lines().toList()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw VireoException.invalid(name + " line " + lineNo + " is not 'SHA256(file)= hex'");
            }
            entries.add(new Entry(m.group(1), m.group(2), m.group(3).toLowerCase(Locale.ROOT)));
        }
        return new Manifest(name, entries);
    }

    /** The manifest line Vireo writes for a file. */
    static String line(String file, String sha256Hex) {
        return "SHA256(" + file + ")= " + sha256Hex + "\n";
    }

    List<String> files() {
        return entries.stream().map(Entry::file).toList();
    }

    /**
     * Checks every listed digest against the file of that name in {@code dir}; {@code where}
     * names the package in errors. A listed file that is missing is an INVALID_ARGUMENT, a
     * digest that differs a CHECKSUM_MISMATCH.
     */
    void verify(Path dir, String where, Progress progress) {
        long total = 0;
        for (Entry e : entries) {
            Path file = listedFile(dir, e.file(), where);
            total += sizeOf(file);
        }
        long done = 0;
        for (Entry e : entries) {
            Path file = dir.resolve(e.file());
            progress.update(total > 0 ? (double) done / total : 0, "verifying " + e.file());
            String actual = digest(file, e.algorithm());
            if (!actual.equals(e.digest())) {
                throw new VireoException(ErrorCode.CHECKSUM_MISMATCH, e.algorithm() + " of '" + e.file() + "' in " + where
                        + " does not match " + name + " (expected " + e.digest() + ", got " + actual + ")");
            }
            done += sizeOf(file);
        }
        progress.update(1.0, "verified " + entries.size() + " files");
    }

    private Path listedFile(Path dir, String file, String where) {
        if (!PlainNames.isPlain(file)) {
            throw VireoException.invalid(name + " lists '" + PlainNames.printable(file) + "', which is not a plain file name");
        }
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw VireoException.invalid(name + " lists '" + file + "', which is not in " + where);
        }
        return path;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String digest(Path file, String algorithm) {
        MessageDigest digest = newDigest(algorithm);
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("verification interrupted");
                }
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(JCA.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }
}
