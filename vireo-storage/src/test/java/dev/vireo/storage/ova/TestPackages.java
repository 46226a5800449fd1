package dev.vireo.storage.ova;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.storage.archive.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixtures for appliance tests: disks made by qemu-img and qemu-io, OVAs written member by member. */
final class TestPackages {
    private final Map<String, byte[]> members = new LinkedHashMap<>();

    TestPackages add(String name, byte[] content) {
        members.put(name, content);
        return this;
    }

    TestPackages add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TestPackages add(String name, Path file) {
        try {
            return add(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a manifest named {@code name} with {@code algorithm} ("SHA1", "SHA256") lines for the members so far. */
    TestPackages manifest(String name, String algorithm) {
        StringBuilder mf = new StringBuilder();
        members.forEach((file, bytes) -> mf.append(algorithm).append('(').append(file).append(")= ")
                .append(digest(algorithm, bytes)).append('\n'));
        return add(name, mf.toString());
    }

    byte[] member(String name) {
        return members.get(name);
    }

    Path writeOva(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            TarWriter tar = new TarWriter(out, Instant.EPOCH);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                tar.add(m.getKey(), m.getValue().length, new ByteArrayInputStream(m.getValue()));
            }
            tar.finish();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every member as a file in {@code dir} (an .ovf package on disk). */
    Path writeDir(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                Files.write(dir.resolve(m.getKey()), m.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String digest(String algorithm, byte[] bytes) {
        return HexFormat.of().formatHex(Manifest.newDigest(algorithm).digest(bytes));
    }

    static String resource(String name) {
        try (InputStream in = TestPackages.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A qcow2 of {@code size} bytes with a 0x5a pattern of 256 KiB written at {@code offset}. */
    static Path qcow2WithData(Path file, long size, long offset) throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), Long.toString(size));
        write(file, offset, 0x5a);
        return file;
    }

    static void write(Path qcow2, long offset, int pattern) throws Exception {
        run("qemu-io", "-f", "qcow2", "-c", "write -P " + pattern + " " + offset + " 256k", qcow2.toString());
    }

    /** A disk file of another format converted from {@code source} ("vmdk", "subformat=streamOptimized"). */
    static Path convert(Path source, Path target, String format, String options) throws Exception {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "convert", "-O", format));
        if (options != null) {
            argv.addAll(List.of("-o", options));
        }
        argv.addAll(List.of(source.toString(), target.toString()));
        run(argv.toArray(String[]::new));
        return target;
    }

    /** Asserts that two disks show the same guest bytes (qemu-img compare, formats probed). */
    static void assertSameContent(Path a, Path b) throws Exception {
        run("qemu-img", "compare", "-q", a.toString(), b.toString());
    }

    static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }
}
