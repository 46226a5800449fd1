package dev.vireo.storage;

import dev.vireo.core.util.Cmd;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed calls to {@code qemu-img}; failures become one-line {@link VireoException}s. */
public final class QemuImg {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PERCENT = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final Duration QUICK = Duration.ofMinutes(2);
    private static final int VMDK_DESCRIPTOR_MAX = (1 << 20) - 1;
    /** An extent line ({@code RW 2048 FLAT "disk-flat.vmdk" 0}) or a parent hint of a VMDK descriptor. */
    private static final Pattern VMDK_REFERENCE = Pattern.compile(
            "(?m)^[ \\t]*(?:RW|RDONLY|NOACCESS)[ \\t]+\\d+[ \\t]+\\w+[ \\t]+\"([^\"]*)\"|^[ \\t]*parentFileNameHint[ \\t]*=[ \\t]*\"([^\"]*)\"");

    private final String binary;
    private final Duration slowTimeout;

    public QemuImg() {
        this("qemu-img", Duration.ofHours(1));
    }

    /** {@code slowTimeout} bounds convert and check, which read whole disks. */
    public QemuImg(String binary, Duration slowTimeout) {
        this.binary = Objects.requireNonNull(binary);
        this.slowTimeout = Objects.requireNonNull(slowTimeout);
    }

    /** {@code qemu-img info}; shares the lock so the disk of a running VM can be inspected. */
    public ImageInfo info(Path file) {
        return info(file, "disk " + file);
    }

    /** {@link #info(Path)}, with {@code what} naming the file in errors (say, "disk file 'a.vmdk' in x.ova"). */
    public ImageInfo info(Path file, String what) {
        return parseInfo(file, infoJson(file, what));
    }

    /**
     * The files besides {@code file} that opening it would read: a backing file, an external data
     * file, VMDK extents (as recorded, relative names unresolved). A VMDK text descriptor (which
     * only names extents) is read here rather than by qemu-img, so its extents are never opened.
     */
    public List<String> referencedFiles(Path file, String what) {
        if (!Files.exists(file)) {
            throw VireoException.notFound(what);
        }
        List<String> descriptorRefs = vmdkDescriptorReferences(file, what);
        if (descriptorRefs != null) {
            return descriptorRefs;
        }
        JsonNode n = readJson(infoJson(file, what), "qemu-img info");
        JsonNode specific = n.path("format-specific").path("data");
        List<String> refs = new ArrayList<>();
        for (String field : List.of("backing-filename", "data-file")) {
            String v = text(field.equals("data-file") ? specific : n, field);
            if (v != null) {
                refs.add(v);
            }
        }
        Path self = file.toAbsolutePath().normalize();
        for (JsonNode extent : specific.path("extents")) {
            String name = text(extent, "filename");
            if (name != null && !name.equals(file.toString())
                    && !self.equals(file.toAbsolutePath().resolveSibling(name).normalize())) {
                refs.add(name);
            }
        }
        return List.copyOf(refs);
    }

    /** Bytes of guest data in the image ({@code qemu-img map}: data that is not zero); shares the lock. */
    public long dataBytes(Path file) {
        AtomicLong bytes = new AtomicLong();
        // read line by line: the map of a large disk is longer than the output Cmd keeps
        Cmd.Result r = Cmd.run(List.of(binary, "map", "--output=json", "--force-share", file.toString()), slowTimeout,
                null, line -> bytes.addAndGet(dataLength(line)));
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot map disk " + file + ": " + r.lastLine("qemu-img"));
        }
        return bytes.get();
    }

    /** The data bytes of one line of {@code qemu-img map --output=json}: one extent, "[" before the first, "," or "]" after. */
    static long dataLength(String line) {
        String s = line.strip();
        s = s.startsWith("[") ? s.substring(1) : s;
        s = s.endsWith(",") || s.endsWith("]") ? s.substring(0, s.length() - 1) : s;
        if (!s.startsWith("{")) {
            return 0; // stderr, or an empty map
        }
        try {
            JsonNode e = JSON.readTree(s);
            return e.path("data").asBoolean(false) && !e.path("zero").asBoolean(false) ? e.path("length").asLong(0) : 0;
        } catch (IOException e) {
            return 0; // not an extent: qemu-img prints nothing else that starts with '{'
        }
    }

    /** The extents and parent named by a VMDK text descriptor, or null when {@code file} is not one. */
    private static List<String> vmdkDescriptorReferences(Path file, String what) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(VMDK_DESCRIPTOR_MAX); // qemu reads no more of a descriptor either
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INVALID_ARGUMENT, "cannot read " + what + ": " + e.getMessage(), e);
        }
        if (!probesAsVmdkDescriptor(new String(head, 0, Math.min(head.length, 2048), StandardCharsets.ISO_8859_1))) {
            return null;
        }
        List<String> refs = new ArrayList<>();
        Matcher m = VMDK_REFERENCE.matcher(new String(head, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            refs.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return List.copyOf(refs);
    }

    /** qemu's vmdk_probe for text: comment lines and blank lines of spaces, then "version=1|2|3". */
    static boolean probesAsVmdkDescriptor(String head) {
        int p = 0;
        while (p < head.length()) {
            char c = head.charAt(p);
            if (c == '#') {
                int nl = head.indexOf('\n', p);
                p = nl < 0 ? head.length() : nl + 1;
            } else if (c == ' ') {
                while (p < head.length() && head.charAt(p) == ' ') {
                    p++;
                }
                if (p < head.length() && head.charAt(p) == '\r') {
                    p++;
                }
                if (p < head.length() && head.charAt(p) != '\n') {
                    return false;
                }
                p++;
            } else {
                return head.startsWith("version=", p) && head.length() > p + 9
                        && "123".indexOf(head.charAt(p + 8)) >= 0
                        && (head.charAt(p + 9) == '\n' || head.startsWith("\r\n", p + 9));
            }
        }
        return false;
    }

    private String infoJson(Path file, String what) {
        if (!Files.exists(file)) {
            throw VireoException.notFound(what);
        }
        Cmd.Result r = Cmd.run(List.of(binary, "info", "--output=json", "--force-share", file.toString()), QUICK);
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INVALID_ARGUMENT, "cannot read " + what + ": " + r.lastLine("qemu-img"));
        }
        return r.stdout();
    }

    /** {@code qemu-img check}; returns what it found instead of throwing on corruption. */
    public CheckResult check(Path file, String format) {
        Cmd.Result r = Cmd.run(List.of(binary, "check", "--output=json", "-f", format, file.toString()), slowTimeout);
        if (r.exitCode() == 1 || r.exitCode() == 63 || r.stdout().isBlank()) {
            throw new VireoException(ErrorCode.INVALID_ARGUMENT, "cannot check disk " + file + ": " + r.lastLine("qemu-img"));
        }
        return parseCheck(r.exitCode(), r.stdout());
    }

    /** A new empty disk. */
    public void create(Path target, String format, long sizeBytes) {
        run("create disk " + target, List.of(binary, "create", "-q", "-f", format, target.toString(),
                Long.toString(sizeBytes)), QUICK);
    }

    /** A qcow2 overlay of {@code base} (recorded with its absolute path) with the given virtual size. */
    public void createOverlay(Path base, String baseFormat, Path target, long sizeBytes) {
        run("create overlay " + target, List.of(binary, "create", "-q", "-f", "qcow2", "-b",
                base.toAbsolutePath().toString(), "-F", baseFormat, target.toString(), Long.toString(sizeBytes)), QUICK);
    }

    /** A qcow2 overlay whose backing file (a qcow2) is recorded as given: relative names resolve from target's directory. */
    public void createOverlayNamed(String backing, Path target, long sizeBytes) {
        run("create overlay " + target, List.of(binary, "create", "-q", "-f", "qcow2", "-b", backing, "-F", "qcow2",
                target.toString(), Long.toString(sizeBytes)), QUICK);
    }

    /** A qcow2 overlay of {@code base} with the base's virtual size. */
    public void createOverlay(Path base, String baseFormat, Path target) {
        run("create overlay " + target, List.of(binary, "create", "-q", "-f", "qcow2", "-b",
                base.toAbsolutePath().toString(), "-F", baseFormat, target.toString()), QUICK);
    }

    /** Copies {@code source} to a new standalone {@code target}, reporting the percentage done. */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat, Progress progress) {
        convert(source, sourceFormat, target, targetFormat, List.of(), false, progress);
    }

    /**
     * {@link #convert(Path, String, Path, String, Progress)} with {@code -o} options for the target
     * (e.g. {@code subformat=streamOptimized}) and, with {@code forceShare}, {@code -U} to read a
     * disk that a running VM holds open.
     */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat, List<String> targetOptions,
            boolean forceShare, Progress progress) {
        convert(source, sourceFormat, null, target, targetFormat, targetOptions, forceShare, progress);
    }

    /** Copies internal snapshot {@code snapshot} of qcow2 {@code source} (null: its current content) to a new standalone qcow2. */
    public void convertSnapshot(Path source, String snapshot, Path target, Progress progress) {
        convert(source, "qcow2", snapshot, target, "qcow2", List.of(), false, progress);
    }

    private void convert(Path source, String sourceFormat, String snapshot, Path target, String targetFormat,
            List<String> targetOptions, boolean forceShare, Progress progress) {
        List<String> argv = new ArrayList<>(List.of(binary, "convert", "-p"));
        if (forceShare) {
            argv.add("-U");
        }
        argv.addAll(List.of("-f", sourceFormat, "-O", targetFormat));
        if (snapshot != null) {
            argv.addAll(List.of("-l", "snapshot.name=" + snapshot));
        }
        if (!targetOptions.isEmpty()) {
            argv.addAll(List.of("-o", String.join(",", targetOptions)));
        }
        argv.addAll(List.of(source.toString(), target.toString()));
        int[] lastPercent = {-1}; // qemu-img prints hundredths of a percent; pass on whole ones
        Cmd.Result r = Cmd.run(argv, slowTimeout, null, line -> {
            Matcher m = PERCENT.matcher(line);
            if (m.find()) {
                double percent = Double.parseDouble(m.group(1));
                if ((int) percent != lastPercent[0]) {
                    lastPercent[0] = (int) percent;
                    progress.update(percent / 100.0, "converting to " + targetFormat);
                }
            }
        });
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INTERNAL, "qemu-img convert " + source + " failed: " + r.lastLine("qemu-img"));
        }
    }

    /** Changes the virtual size; shrinking is refused by qemu-img unless the caller asked for it elsewhere. */
    public void resize(Path file, String format, long sizeBytes) {
        run("resize disk " + file, List.of(binary, "resize", "-q", "-f", format, file.toString(),
                Long.toString(sizeBytes)), QUICK);
    }

    /** {@code qemu-img snapshot -c} (which takes no {@code -f} and probes): a new internal snapshot of a qcow2 no process has open. */
    public void createSnapshot(Path file, String name) {
        snapshot(file, "-c", name, "create snapshot " + name + " of disk " + file);
    }

    /** {@code qemu-img snapshot -d}. */
    public void deleteSnapshot(Path file, String name) {
        snapshot(file, "-d", name, "delete snapshot " + name + " of disk " + file);
    }

    /** {@code qemu-img snapshot -a}: the disk's content (and virtual size) become the snapshot's. */
    public void applySnapshot(Path file, String name) {
        snapshot(file, "-a", name, "apply snapshot " + name + " to disk " + file);
    }

    /** Names of the internal snapshots of a qcow2, oldest first; shares the lock. */
    public List<String> snapshots(Path file) {
        return parseSnapshots(infoJson(file, "disk " + file));
    }

    private void snapshot(Path file, String op, String name, String what) {
        run(what, List.of(binary, "snapshot", "-q", op, name, file.toString()), QUICK);
    }

    /**
     * Safe rebase: {@code child} reads through {@code newBase} (qcow2; null: stands alone) after
     * first copying in every cluster where the old and new chains differ.
     */
    public void rebase(Path child, Path newBase) {
        run("rebase disk " + child, List.of(binary, "rebase", "-q", "-f", "qcow2", "-F", "qcow2", "-b",
                newBase == null ? "" : newBase.toAbsolutePath().toString(), child.toString()), slowTimeout);
    }

    private static void run(String what, List<String> argv, Duration timeout) {
        Cmd.Result r = Cmd.run(argv, timeout);
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot " + what + ": " + r.lastLine("qemu-img"));
        }
    }

    static ImageInfo parseInfo(Path file, String json) {
        JsonNode n = readJson(json, "qemu-img info");
        JsonNode specific = n.path("format-specific").path("data");
        return new ImageInfo(file, requireText(n, "format"), n.path("virtual-size").asLong(-1),
                n.path("actual-size").asLong(0), text(n, "backing-filename"), text(n, "backing-filename-format"),
                text(specific, "data-file"), n.path("dirty-flag").asBoolean(false), specific.path("corrupt").asBoolean(false));
    }

    /** The {@code snapshots} array of {@code qemu-img info --output=json} (absent when there are none). */
    static List<String> parseSnapshots(String json) {
        List<String> names = new ArrayList<>();
        for (JsonNode snapshot : readJson(json, "qemu-img info").path("snapshots")) {
            String name = text(snapshot, "name");
            if (name != null) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    static CheckResult parseCheck(int exitCode, String json) {
        JsonNode n = readJson(json, "qemu-img check");
        return new CheckResult(exitCode, n.path("corruptions").asLong(0), n.path("leaks").asLong(0),
                n.path("check-errors").asLong(0));
    }

    private static JsonNode readJson(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, what + " printed unreadable output: " + e.getMessage(), e);
        }
    }

    private static String requireText(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw new VireoException(ErrorCode.INTERNAL, "qemu-img info printed no " + field);
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
