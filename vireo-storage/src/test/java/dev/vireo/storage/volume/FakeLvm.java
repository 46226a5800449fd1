package dev.vireo.storage.volume;

import dev.vireo.storage.Lvm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An in-memory LVM with one 1 GiB volume group, answering the command lines {@link Lvm} sends the
 * way LVM 2.03 does: JSON reports (sizes as byte strings, data_percent empty when inactive),
 * 4 MiB extents, thin snapshots with the activation-skip flag unless {@code -kn}. A thin LV's
 * bytes are a sparse file, which is also its "device".
 */
final class FakeLvm implements Lvm.Runner {
    private static final long EXTENT = 4L << 20;
    private static final int CHUNK = 64 * 1024;

    private final String vg;
    private final Path dir;
    private final Map<String, FakeLv> lvs = new LinkedHashMap<>();
    final List<String> commands = new ArrayList<>();

    private static final class FakeLv {
        long size;
        String pool;
        boolean active;
        boolean skip;

        FakeLv(long size, String pool, boolean active, boolean skip) {
            this.size = size;
            this.pool = pool;
            this.active = active;
            this.skip = skip;
        }
    }

    FakeLvm(String vg, Path dir) {
        this.vg = vg;
        this.dir = dir;
    }

    @Override
    public Lvm.Output run(List<String> argv) {
        commands.add(String.join(" ", argv));
        try {
            return switch (argv.getFirst()) {
                case "vgs" -> ok("vg", List.of(row("vg_name", vg, "vg_size", 1069547520L, "vg_free", 1069547520L - used(),
                        "vg_extent_size", EXTENT)));
                case "lvs" -> argv.getLast().equals(vg) ? ok("lv", lvRows()) : fail(5, "Volume group \"" + argv.getLast() + "\" not found");
                case "lvcreate" -> lvcreate(argv);
                case "lvremove" -> lvremove(name(argv.getLast()));
                case "lvrename" -> lvrename(argv.get(2), argv.get(3));
                case "lvextend" -> lvextend(name(argv.getLast()), bytes(after(argv, "-L")));
                case "lvchange" -> lvchange(name(argv.getLast()));
                default -> fail(3, "unknown command " + argv.getFirst());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Lvm.Output lvcreate(List<String> argv) throws IOException {
        String name = after(argv, "-n");
        if (lvs.containsKey(name)) {
            return fail(5, "Logical Volume \"" + name + "\" already exists in volume group \"" + vg + "\"");
        }
        if (argv.contains("--type") && after(argv, "--type").equals("thin-pool")) {
            lvs.put(name, new FakeLv(roundUp((1069547520L - used()) * 9 / 10), "", true, false));
        } else if (argv.contains("-V")) {
            FakeLv lv = new FakeLv(roundUp(bytes(after(argv, "-V"))), name(after(argv, "--thinpool")), true, false);
            lvs.put(name, lv);
            resize(name, lv.size);
        } else {
            String originName = name(after(argv, "-s"));
            FakeLv origin = lvs.get(originName);
            if (origin == null) {
                return fail(5, "Failed to find logical volume \"" + vg + "/" + originName + "\"");
            }
            boolean skip = !argv.contains("-kn");
            lvs.put(name, new FakeLv(origin.size, origin.pool, !skip, skip));
            Files.copy(file(originName), file(name));
        }
        return ok();
    }

    private Lvm.Output lvremove(String name) throws IOException {
        if (lvs.remove(name) == null) {
            return fail(5, "Failed to find logical volume \"" + vg + "/" + name + "\"");
        }
        lvs.values().removeIf(lv -> lv.pool.equals(name)); // as with --yes: the thin LVs go with their pool
        Files.deleteIfExists(file(name));
        return ok();
    }

    private Lvm.Output lvrename(String from, String to) throws IOException {
        lvs.put(to, lvs.remove(from));
        Files.move(file(from), file(to), StandardCopyOption.ATOMIC_MOVE);
        return ok();
    }

    private Lvm.Output lvextend(String name, long size) throws IOException {
        FakeLv lv = lvs.get(name);
        if (lv == null) {
            return fail(5, "Logical volume " + name + " not found in volume group " + vg + ".");
        }
        if (size <= lv.size) {
            return fail(5, "New size given not larger than existing size.");
        }
        lv.size = roundUp(size);
        resize(name, lv.size);
        return ok();
    }

    private Lvm.Output lvchange(String name) {
        lvs.get(name).active = true;
        return ok();
    }

    private List<String> lvRows() throws IOException {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, FakeLv> e : lvs.entrySet()) {
            FakeLv lv = e.getValue();
            boolean thinPool = lv.pool.isEmpty();
            long data = thinPool ? lvs.keySet().stream().filter(n -> lvs.get(n).pool.equals(e.getKey()))
                    .mapToLong(this::allocated).sum() : allocated(e.getKey());
            rows.add(row("lv_name", e.getKey(), "vg_name", vg, "lv_path", file(e.getKey()).toString(),
                    "lv_dm_path", "/dev/mapper/" + vg + "-" + e.getKey(), "lv_size", lv.size,
                    "data_percent", lv.active ? String.format(Locale.ROOT, "%.2f", 100.0 * data / lv.size) : "",
                    "pool_lv", lv.pool, "lv_active", lv.active ? "active" : "",
                    "lv_attr", (thinPool ? "twi-a-tz--" : "Vwi-" + (lv.active ? "a" : "-") + "-tz-" + (lv.skip ? "k" : "-"))));
        }
        return rows;
    }

    /** Like a thin LV's mapped chunks: the 64 KiB chunks of its file that hold anything but zeros. */
    private long allocated(String name) {
        try {
            if (!Files.exists(file(name))) {
                return 0;
            }
            byte[] bytes = Files.readAllBytes(file(name));
            long chunks = 0;
            for (int off = 0; off < bytes.length; off += CHUNK) {
                for (int i = off; i < Math.min(off + CHUNK, bytes.length); i++) {
                    if (bytes[i] != 0) {
                        chunks++;
                        break;
                    }
                }
            }
            return chunks * CHUNK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long used() {
        return lvs.values().stream().filter(lv -> lv.pool.isEmpty()).mapToLong(lv -> lv.size).sum();
    }

    private void resize(String name, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file(name).toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private String name(String vgSlashLv) {
        return vgSlashLv.substring(vgSlashLv.indexOf('/') + 1);
    }

    private static String after(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }

    private static long bytes(String size) {
        return Long.parseLong(size.substring(0, size.length() - 1)); // "<n>b"
    }

    private static long roundUp(long size) {
        return (size + EXTENT - 1) / EXTENT * EXTENT;
    }

    private static String row(Object... pairs) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < pairs.length; i += 2) {
            j.add("\"" + pairs[i] + "\":\"" + pairs[i + 1] + "\"");
        }
        return j.toString();
    }

    private static Lvm.Output ok(String kind, List<String> rows) {
        return new Lvm.Output(0, "  {\n      \"report\": [\n          {\n              \"" + kind + "\": [\n                  "
                + String.join(",\n                  ", rows) + "\n              ]\n          }\n      ]\n  }\n", "");
    }

    private static Lvm.Output ok() {
        return new Lvm.Output(0, "", "");
    }

    private static Lvm.Output fail(int code, String message) {
        return new Lvm.Output(code, "", "  " + message + "\n  Run `lvcreate --help' for more information.\n");
    }
}
