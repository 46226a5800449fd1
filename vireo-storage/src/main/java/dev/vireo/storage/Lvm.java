package dev.vireo.storage;

import dev.vireo.core.util.Cmd;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed calls to LVM2: reports are read as JSON ({@code --reportformat json}) with sizes in bytes;
 * a failing command becomes a one-line {@link VireoException} with the last line it printed. Lives
 * beside {@link QemuImg} because both run through the package's {@link Cmd}.
 */
public final class Lvm {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String LV_FIELDS = "lv_name,vg_name,lv_path,lv_dm_path,lv_size,data_percent,pool_lv,lv_active,lv_attr";

    /** A volume group. */
    public record Vg(String name, long sizeBytes, long freeBytes, long extentBytes) {
        public Vg {
            Objects.requireNonNull(name);
        }
    }

    /**
     * A logical volume as {@code lvs} reports it. {@code path} ({@code /dev/VG/LV}) and {@code dmPath}
     * ({@code /dev/mapper/VG-LV}) are where the device would be, not proof that it is there;
     * {@code dataPercent} is -1 when LVM reports none (an inactive thin LV); {@code pool} is "" outside thin pools.
     */
    public record Lv(String name, String vg, String path, String dmPath, long sizeBytes, double dataPercent, String pool,
            boolean active, String attr) {
        public Lv {
            Objects.requireNonNull(name);
            Objects.requireNonNull(attr);
        }

        /** The first attribute character is the volume type; {@code t} is a thin pool. */
        public boolean thinPool() {
            return attr.startsWith("t");
        }
    }

    /** What a finished command printed. */
    public record Output(int exitCode, String stdout, String stderr) {}

    /** Runs one LVM command line; tests replace the host's LVM with a fake. */
    @FunctionalInterface
    public interface Runner {
        Output run(List<String> argv);
    }

    private final Runner runner;

    /** The host's LVM tools on PATH. */
    public Lvm() {
        this(argv -> {
            Cmd.Result r = Cmd.run(argv, TIMEOUT);
            return new Output(r.exitCode(), r.stdout(), r.stderr());
        });
    }

    public Lvm(Runner runner) {
        this.runner = Objects.requireNonNull(runner);
    }

    /** All volume groups the host sees. */
    public List<Vg> vgs() {
        JsonNode rows = report(run("list volume groups", List.of("vgs", "--reportformat", "json", "--units", "b",
                "--nosuffix", "-o", "vg_name,vg_size,vg_free,vg_extent_size")), "vg");
        List<Vg> vgs = new ArrayList<>();
        for (JsonNode row : rows) {
            vgs.add(new Vg(row.path("vg_name").asText(), bytes(row, "vg_size"), bytes(row, "vg_free"),
                    bytes(row, "vg_extent_size")));
        }
        return List.copyOf(vgs);
    }

    public Optional<Vg> vg(String name) {
        return vgs().stream().filter(vg -> vg.name().equals(name)).findFirst();
    }

    /** The visible (not internal) logical volumes of {@code vg}. */
    public List<Lv> lvs(String vg) {
        JsonNode rows = report(run("list logical volumes of " + vg, List.of("lvs", "--reportformat", "json", "--units",
                "b", "--nosuffix", "-o", LV_FIELDS, vg)), "lv");
        List<Lv> lvs = new ArrayList<>();
        for (JsonNode row : rows) {
            String percent = row.path("data_percent").asText("");
            lvs.add(new Lv(row.path("lv_name").asText(), row.path("vg_name").asText(), row.path("lv_path").asText(""),
                    row.path("lv_dm_path").asText(""), bytes(row, "lv_size"),
                    percent.isBlank() ? -1 : Double.parseDouble(percent), row.path("pool_lv").asText(""),
                    !row.path("lv_active").asText("").isBlank(), row.path("lv_attr").asText("")));
        }
        return List.copyOf(lvs);
    }

    public Optional<Lv> lv(String vg, String name) {
        return lvs(vg).stream().filter(lv -> lv.name().equals(name)).findFirst();
    }

    /** A thin pool over {@code extents} of {@code vg} (an lvcreate {@code -l} value such as {@code 90%FREE}). */
    public void createThinPool(String vg, String name, String extents) {
        run("create thin pool " + vg + "/" + name, List.of("lvcreate", "--yes", "--type", "thin-pool", "-l", extents,
                "-n", name, vg));
    }

    /** A thin volume of {@code sizeBytes} (LVM rounds up to whole extents) in {@code vg/pool}, activated. */
    public void createThinVolume(String vg, String pool, String name, long sizeBytes) {
        run("create volume " + vg + "/" + name, List.of("lvcreate", "--yes", "-V", sizeBytes + "b", "--thinpool",
                vg + "/" + pool, "-n", name));
    }

    /**
     * A thin snapshot {@code name} of {@code origin}. Without {@code activate} it keeps LVM's default
     * activation-skip flag (not activated by normal activation); with it, the flag is cleared and
     * the new LV activated in the same command ({@code -kn -ay}, as lvmthin(7) documents).
     */
    public void createThinSnapshot(String vg, String origin, String name, boolean activate) {
        List<String> argv = new ArrayList<>(List.of("lvcreate", "--yes"));
        if (activate) {
            argv.addAll(List.of("-kn", "-ay"));
        }
        argv.addAll(List.of("-s", vg + "/" + origin, "-n", name));
        run("snapshot " + vg + "/" + origin + " as " + name, argv);
    }

    /** Activates the LV even when it carries the activation-skip flag. */
    public void activate(String vg, String name) {
        run("activate " + vg + "/" + name, List.of("lvchange", "-ay", "-K", vg + "/" + name));
    }

    public void remove(String vg, String name) {
        run("remove " + vg + "/" + name, List.of("lvremove", "--yes", vg + "/" + name));
    }

    public void rename(String vg, String from, String to) {
        run("rename " + vg + "/" + from + " to " + to, List.of("lvrename", vg, from, to));
    }

    /** Grows the LV to {@code sizeBytes}, rounded up to whole extents. */
    public void extend(String vg, String name, long sizeBytes) {
        run("extend " + vg + "/" + name, List.of("lvextend", "--yes", "-L", sizeBytes + "b", vg + "/" + name));
    }

    private Output run(String what, List<String> argv) {
        Output out = runner.run(argv);
        if (out.exitCode() != 0) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot " + what + ": " + lastLine(out));
        }
        return out;
    }

    /** The last line of stderr that says what went wrong, skipping LVM's generic closing lines. */
    static String lastLine(Output out) {
        List<String> lines = out.stderr().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Run `") && !l.startsWith("Cannot process volume group"))
                .toList();
        return lines.isEmpty() ? "exit code " + out.exitCode() : lines.getLast();
    }

    /** The rows of the first report of {@code --reportformat json} output: {"report":[{"lv":[{...}]}]}. */
    static JsonNode report(Output out, String kind) {
        try {
            JsonNode root = JSON.readTree(out.stdout());
            JsonNode rows = root == null ? null : root.path("report").path(0).get(kind);
            if (rows == null || !rows.isArray()) {
                throw new IOException("no " + kind + " report");
            }
            return rows;
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "LVM printed an unreadable report: " + e.getMessage(), e);
        }
    }

    private static long bytes(JsonNode row, String field) {
        String v = row.path(field).asText("");
        return v.isBlank() ? 0 : Long.parseLong(v);
    }
}
