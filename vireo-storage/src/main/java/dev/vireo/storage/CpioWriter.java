package dev.vireo.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a cpio archive in the "newc" format the kernel unpacks as an initramfs. Every entry is
 * owned by root with mtime 0, so the same inputs give the same bytes, and device nodes need no
 * root. Parent directories are added on demand.
 */
final class CpioWriter implements Closeable {
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private final Set<String> dirs = new HashSet<>();
    private long written;
    private int inode = 1;

    CpioWriter(OutputStream out) {
        this.out = out;
    }

    void directory(String path, int perm) throws IOException {
        String p = clean(path);
        if (dirs.add(p)) {
            parents(p);
            entry(p, S_IFDIR | perm, 2, 0, 0, new byte[0]);
        }
    }

    void file(String path, int perm, byte[] data) throws IOException {
        String p = clean(path);
        parents(p);
        entry(p, S_IFREG | perm, 1, 0, 0, data);
    }

    void symlink(String path, String target) throws IOException {
        String p = clean(path);
        parents(p);
        entry(p, S_IFLNK | 0777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8));
    }

    void charDevice(String path, int perm, int major, int minor) throws IOException {
        String p = clean(path);
        parents(p);
        entry(p, S_IFCHR | perm, 1, major, minor, new byte[0]);
    }

    @Override
    public void close() throws IOException {
        entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
        out.close();
    }

    private void parents(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            directory(path.substring(0, slash), 0755);
        }
    }

    private void entry(String name, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data) throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("070701");
        long[] fields = {name.equals("TRAILER!!!") ? 0 : inode++, mode, 0, 0, nlink, 0, data.length, 0, 0,
            rdevMajor, rdevMinor, nameBytes.length, 0};
        for (long f : fields) {
            h.append(String.format(Locale.ROOT, "%08X", f));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }

    private static String clean(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.contains("..") || p.endsWith("/")) {
            throw new IllegalArgumentException("bad archive path '" + path + "'");
        }
        return p;
    }
}
