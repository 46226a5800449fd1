package dev.vireo.guest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a disk after an edit: qemu-img converts it (through its backing chain) to raw, debugfs reads that. */
final class GuestImage {
    private static final Pattern LS = Pattern.compile("/(\\d+)/([0-7]+)/(\\d+)/(\\d+)/([^/]*)/(\\d*)/");

    /** An entry's octal mode (with type bits) and owner. */
    record Stat(int mode, int uid, int gid) {}

    private final Path raw;
    private final long offset;

    private GuestImage(Path raw, long offset) {
        this.raw = raw;
        this.offset = offset;
    }

    static GuestImage of(Path qcow2, Path dir, long offset) {
        Path raw = dir.resolve(qcow2.getFileName() + ".check.raw");
        Host.run("rm", "-f", raw.toString());
        Host.run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", qcow2.toString(), raw.toString());
        return new GuestImage(raw, offset);
    }

    String device() {
        return offset == 0 ? raw.toString() : raw + "?offset=" + offset;
    }

    String cat(String path) {
        return Host.run("debugfs", "-R", "cat \"" + path + "\"", device());
    }

    /** Copies a guest file out, for ssh-keygen to read. */
    Path dump(String path, Path local) {
        Host.run("debugfs", "-R", "dump \"" + path + "\" \"" + local + "\"", device());
        return local;
    }

    /** debugfs's own {@code ls -p} output, for names with line breaks that {@link #ls} cannot split. */
    String lsRaw(String dir) {
        return Host.run("debugfs", "-R", "ls -p \"" + dir + "\"", device());
    }

    /** The entries that have a name without line breaks. */
    Map<String, Stat> ls(String dir) {
        Map<String, Stat> entries = new LinkedHashMap<>();
        for (String line : lsRaw(dir).split("\n")) {
            Matcher m = LS.matcher(line);
            if (m.matches() && !m.group(5).equals(".") && !m.group(5).equals("..")) {
                entries.put(m.group(5), new Stat(Integer.parseInt(m.group(2), 8), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4))));
            }
        }
        return entries;
    }

    Optional<Stat> stat(String path) {
        int slash = path.lastIndexOf('/');
        return Optional.ofNullable(ls(slash == 0 ? "/" : path.substring(0, slash)).get(path.substring(slash + 1)));
    }

    /** e2fsck -fn: exit 0 means the filesystem is consistent. */
    Host.Result fsck() {
        return Host.tryRun("e2fsck", "-fn", device());
    }
}
