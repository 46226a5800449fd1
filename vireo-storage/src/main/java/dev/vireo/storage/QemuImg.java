package dev.vireo.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed calls to {@code qemu-img}; failures become one-line {@link VireoException}s. */
public final class QemuImg {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PERCENT = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final Duration QUICK = Duration.ofMinutes(2);

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
        if (!Files.exists(file)) {
            throw VireoException.notFound("disk " + file);
        }
        Cmd.Result r = Cmd.run(List.of(binary, "info", "--output=json", "--force-share", file.toString()), QUICK);
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INVALID_ARGUMENT, "cannot read disk " + file + ": " + r.lastLine("qemu-img"));
        }
        return parseInfo(file, r.stdout());
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

    /** Copies {@code source} to a new standalone {@code target}, reporting the percentage done. */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat, Progress progress) {
        List<String> argv = new ArrayList<>(List.of(binary, "convert", "-p", "-f", sourceFormat, "-O", targetFormat,
                source.toString(), target.toString()));
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
