package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ext2/3/4 filesystem at a byte offset of a raw disk file, read and changed with debugfs
 * (user space; nothing is mounted). Paths resolve through real directories only: a symlink on
 * the way ({@code /var/log -> /etc}) makes the path absent, so an edit never lands elsewhere.
 */
final class Ext4Fs {
    private static final Pattern LS_LINE = Pattern.compile("/(\\d+)/([0-7]+)/(\\d+)/(\\d+)/([^/]*)/(\\d*)/");
    private static final Pattern LS_START = Pattern.compile("/\\d+/[0-7]+/\\d+/\\d+/.*");

    /** A directory's entries (without . and ..); {@code unreadable} counts lines no entry could be read from. */
    record Listing(boolean exists, List<GuestEntry> entries, int unreadable) {
        static final Listing MISSING = new Listing(false, List.of(), 0);

        Listing {
            entries = List.copyOf(entries);
        }

        Optional<GuestEntry> find(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).findFirst();
        }
    }

    /** Every entry below a directory; {@code skipped} maps a directory to how many of its names were left out. */
    record Tree(List<Node> nodes, Map<String, Integer> skipped) {
        Tree {
            nodes = List.copyOf(nodes);
            skipped = Map.copyOf(skipped);
        }

        /** Whether a directory of this tree can be removed once its listed entries are: nothing was skipped in or below it. */
        boolean removable(String dir) {
            return skipped.keySet().stream().noneMatch(s -> s.equals(dir) || s.startsWith(dir + "/"));
        }

        int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** An entry and its absolute path. */
    record Node(String path, GuestEntry entry) {}

    private final Exec exec;
    private final String debugfs;
    private final String e2fsck;
    private final Path raw;
    private final long offset;
    private final Path scratch;
    private final Map<String, Listing> cache = new HashMap<>();
    private int scripts;

    Ext4Fs(Exec exec, String debugfs, String e2fsck, Path raw, long offset, Path scratch) {
        this.exec = exec;
        this.debugfs = debugfs;
        this.e2fsck = e2fsck;
        this.raw = raw;
        this.offset = offset;
        this.scratch = scratch;
    }

    /** The device argument for e2fsprogs: unix_io's {@code ?offset=} option for a partition. */
    String device() {
        return offset == 0 ? raw.toString() : raw + "?offset=" + offset;
    }

    long offset() {
        return offset;
    }

    /** Why debugfs cannot read this filesystem (unsupported features, corruption), or empty when it can. */
    Optional<String> openError() {
        Exec.Result r = runScript(new DebugfsScript().ls("/"), false);
        if (parseListings(r.out(), List.of("/")).get("/").exists()) {
            return Optional.empty();
        }
        List<String> errors = r.errorLines(); // the first says why the open failed; later ones say "Filesystem not open"
        return Optional.of(Exec.withoutPrefix(debugfs, errors.isEmpty() ? r.lastLine() : errors.getFirst())
                .replaceFirst(" while trying to open .*", ""));
    }

    /** Replays the journal, as the guest kernel would on mount; writing past an unreplayed journal would be undone at boot. */
    void replayJournal() {
        Exec.Result r = exec.run(List.of(e2fsck, "-E", "journal_only", "-y", device()));
        if (r.exitCode() > 1) {
            throw new VireoException(ErrorCode.INTERNAL, "e2fsck journal replay failed: " + Exec.withoutPrefix(e2fsck, r.lastLine()));
        }
        cache.clear();
    }

    /** The entry at {@code path}, reached through real directories only. */
    Optional<GuestEntry> lookup(String path) {
        if (path.equals("/")) {
            return Optional.of(new GuestEntry("/", 0040755, 0, 0));
        }
        prefetch(List.of(path));
        return lookupCached(path);
    }

    /** The entries of {@code dir}, or {@link Listing#MISSING} when it is not a real directory. */
    Listing list(String dir) {
        Optional<GuestEntry> e = lookup(dir);
        if (e.isEmpty() || !e.get().isDirectory()) {
            return Listing.MISSING;
        }
        listUncached(List.of(dir));
        return cache.get(dir);
    }

    /** Lists, level by level in one debugfs run per level, every directory on the way to {@code paths}. */
    void prefetch(Collection<String> paths) {
        TreeMap<Integer, Set<String>> byDepth = new TreeMap<>();
        for (String p : paths) {
            for (String dir = parent(p); ; dir = parent(dir)) {
                byDepth.computeIfAbsent(depth(dir), d -> new LinkedHashSet<>()).add(dir);
                if (dir.equals("/")) {
                    break;
                }
            }
        }
        for (Set<String> level : byDepth.values()) {
            listUncached(level.stream().filter(d -> d.equals("/") || lookupCached(d).filter(GuestEntry::isDirectory).isPresent())
                    .toList());
        }
    }

    /** Everything below {@code dir} (a real directory), breadth first; names debugfs cannot take are skipped. */
    Tree walk(String dir) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        if (!list(dir).exists()) {
            return new Tree(nodes, skipped);
        }
        List<String> level = List.of(dir);
        while (!level.isEmpty()) {
            listUncached(level);
            List<String> next = new ArrayList<>();
            for (String d : level) {
                Listing listing = cache.get(d);
                int left = listing.unreadable();
                for (GuestEntry e : listing.entries()) {
                    if (!DebugfsScript.isSafe(e.name())) {
                        left++;
                        continue;
                    }
                    Node n = new Node(join(d, e.name()), e);
                    nodes.add(n);
                    if (e.isDirectory()) {
                        next.add(n.path());
                    }
                }
                if (left > 0) {
                    skipped.put(d, left);
                }
            }
            level = next;
        }
        return new Tree(nodes, skipped);
    }

    /** Copies guest files (regular files the caller looked up) to local paths. */
    void dump(Map<String, Path> guestToLocal) {
        if (guestToLocal.isEmpty()) {
            return;
        }
        DebugfsScript script = new DebugfsScript();
        guestToLocal.forEach(script::dump);
        Exec.Result r = runScript(script, false);
        if (!r.errorLines().isEmpty()) {
            throw new VireoException(ErrorCode.INTERNAL, "debugfs could not read the guest: " + r.errorLines().getFirst());
        }
    }

    /**
     * Runs {@code script} read-write in one debugfs process. debugfs exits 0 even when a command
     * fails, so any line on stderr is a failure.
     */
    void apply(DebugfsScript script) {
        if (script.isEmpty()) {
            return;
        }
        cache.clear();
        Exec.Result r = runScript(script, true);
        if (r.exitCode() != 0 || !r.errorLines().isEmpty()) {
            throw new VireoException(ErrorCode.INTERNAL, "debugfs failed editing the guest: "
                    + (r.errorLines().isEmpty() ? r.lastLine() : r.errorLines().getFirst()));
        }
    }

    private Optional<GuestEntry> lookupCached(String path) {
        if (path.equals("/")) {
            return Optional.of(new GuestEntry("/", 0040755, 0, 0));
        }
        String parent = parent(path);
        if (!parent.equals("/") && lookupCached(parent).filter(GuestEntry::isDirectory).isEmpty()) {
            return Optional.empty();
        }
        Listing listing = cache.get(parent);
        return listing == null ? Optional.empty() : listing.find(name(path));
    }

    private void listUncached(List<String> dirs) {
        List<String> todo = dirs.stream().filter(d -> !cache.containsKey(d)).toList();
        if (todo.isEmpty()) {
            return;
        }
        DebugfsScript script = new DebugfsScript();
        todo.forEach(script::ls);
        cache.putAll(parseListings(runScript(script, false).out(), todo));
    }

    private Exec.Result runScript(DebugfsScript script, boolean writable) {
        Path file = scratch.resolve("debugfs-" + (++scripts) + ".cmd");
        try {
            Files.writeString(file, script.text(), StandardCharsets.ISO_8859_1);
            List<String> argv = new ArrayList<>(List.of(debugfs));
            if (writable) {
                argv.add("-w");
            }
            argv.addAll(List.of("-f", file.toString(), device()));
            return exec.run(argv);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the private directory goes at the end of the edit anyway
            }
        }
    }

    /**
     * Splits the output of a batch of {@code ls -p DIR} commands (each echoed as "debugfs: ls -p DIR")
     * into listings. A header holds a '/', which no file name can, so a name cannot fake one.
     */
    static Map<String, Listing> parseListings(String stdout, List<String> dirs) {
        Map<String, Listing> result = new LinkedHashMap<>();
        List<String> headers = dirs.stream().map(d -> "debugfs: " + new DebugfsScript().ls(d).lines().getFirst()).toList();
        int current = -1;
        List<GuestEntry> entries = new ArrayList<>();
        int unreadable = 0;
        boolean exists = false;
        for (String line : stdout.split("\n", -1)) {
            if (current + 1 < headers.size() && line.equals(headers.get(current + 1))) {
                if (current >= 0) {
                    result.put(dirs.get(current), new Listing(exists, entries, unreadable));
                }
                current++;
                entries = new ArrayList<>();
                unreadable = 0;
                exists = false;
                continue;
            }
            if (current < 0 || line.isEmpty()) {
                continue;
            }
            Matcher m = LS_LINE.matcher(line);
            if (!m.matches()) {
                // a name with a line break: its first line starts like an entry, the rest are continuations
                unreadable = LS_START.matcher(line).matches() ? unreadable + 1 : Math.max(unreadable, 1);
                continue;
            }
            GuestEntry e = new GuestEntry(m.group(5), Integer.parseInt(m.group(2), 8), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)));
            if (e.name().equals(".")) {
                exists = true;
            }
            if (!e.isDotOrDotDot()) {
                entries.add(e);
            }
        }
        if (current >= 0) {
            result.put(dirs.get(current), new Listing(exists, entries, unreadable));
        }
        for (String d : dirs) {
            result.putIfAbsent(d, Listing.MISSING);
        }
        return result;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String join(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    private static int depth(String path) {
        return path.equals("/") ? 0 : (int) path.chars().filter(c -> c == '/').count();
    }
}
