package dev.vireo.storage;

import dev.vireo.core.util.Cmd;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File helpers for the store: a delete that never crosses into a mount, hashing, root check. */
final class Trees {
    private static final Logger LOG = LoggerFactory.getLogger(Trees.class);

    private Trees() {}

    /**
     * Deletes a tree, best effort. A build rootfs may still have /proc, /sys or the host's /dev
     * bind-mounted if mmdebstrap died: those are unmounted first, and the walk never descends
     * into another filesystem, so a leftover mount can never make us delete host files.
     */
    static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        unmountUnder(root);
        try {
            Object device = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                        LOG.error("not deleting {}: another filesystem is mounted there", dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.warn("cannot delete {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException ex) {
                        LOG.warn("cannot delete {}: {}", dir, ex.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, e.toString());
        }
    }

    /** Lazily unmounts everything mounted at or below {@code root}, deepest first. */
    static void unmountUnder(Path root) {
        Path base = root.toAbsolutePath().normalize();
        List<Path> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    Path point = Path.of(unescape(f[4]));
                    if (point.startsWith(base)) {
                        mounts.add(point);
                    }
                }
            }
        } catch (IOException e) {
            return; // no /proc: nothing we could have mounted either
        }
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : mounts) {
            LOG.warn("unmounting leftover mount {}", point);
            Cmd.run(List.of("umount", "-l", point.toString()), Duration.ofSeconds(30));
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String sha256(Path file) {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static Path writeExecutable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Whether this process runs as root (the owner of /proc/self is our effective uid). */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Reads a text resource next to this class. */
    static String resource(String name) {
        try (InputStream in = Trees.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}
