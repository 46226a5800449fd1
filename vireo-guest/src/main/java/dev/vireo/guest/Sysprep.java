package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.guest.GuestEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Predicate;

/**
 * Cleans a template like virt-sysprep, so instances made from it do not share its identity or
 * history: machine-id emptied (systemd makes a new one on first boot), SSH host keys, cloud-init
 * state, logs, shell history and DHCP leases removed. Directories are kept. One debugfs run.
 */
final class Sysprep {
    private static final List<String> HISTORY = List.of(".bash_history", ".zsh_history", ".python_history", ".lesshst");
    private static final String JOURNAL = "/var/log/journal";

    private final Ext4Fs fs;
    private final Path files;
    private final SequencedSet<String> removeFiles = new LinkedHashSet<>();
    private final List<String> removeDirs = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** {@code files} is a private directory for the empty machine-id before it is written. */
    Sysprep(Ext4Fs fs, Path files) {
        this.fs = fs;
        this.files = files;
    }

    GuestEdit clean() {
        fs.prefetch(List.of("/etc/machine-id", "/etc/ssh/x", "/etc/udev/rules.d/x", "/var/lib/dbus/x", "/var/lib/cloud/x",
                "/var/lib/dhcp/x", "/var/lib/dhclient/x", "/var/lib/NetworkManager/x", "/var/lib/systemd/x", "/var/log/x",
                "/root/x", "/home/x"));
        DebugfsScript script = new DebugfsScript();
        emptyMachineId(script);
        removeIfPresent("/var/lib/dbus/machine-id", GuestEntry::isRegularFile);
        count(removeChildren("/etc/ssh", e -> e.name().startsWith("ssh_host_") && !e.isDirectory()), "SSH host key file",
                "removed");
        emptyTree("/var/lib/cloud", "/var/lib/cloud");
        removeLogs();
        removeHistory();
        int leases = removeChildren("/var/lib/dhcp", e -> !e.isDirectory())
                + removeChildren("/var/lib/dhclient", e -> !e.isDirectory())
                + removeChildren("/var/lib/NetworkManager", e -> e.isRegularFile() && e.name().endsWith(".lease"));
        count(leases, "DHCP lease file", "removed");
        removeIfPresent("/etc/udev/rules.d/70-persistent-net.rules", e -> !e.isDirectory());
        removeIfPresent("/var/lib/systemd/random-seed", GuestEntry::isRegularFile);
        removeFiles.forEach(script::rm);
        removeDirs.forEach(script::rmdir);
        fs.apply(script);
        return new GuestEdit(changes, warnings);
    }

    /** An empty (not missing) /etc/machine-id makes systemd generate a new id on first boot. */
    private void emptyMachineId(DebugfsScript script) {
        Optional<GuestEntry> id = fs.lookup("/etc/machine-id");
        if (id.isEmpty() || !id.get().isRegularFile()) {
            return;
        }
        Path empty = files.resolve("machine-id.empty");
        try {
            Files.write(empty, new byte[0]);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write " + empty + ": " + e.getMessage(), e);
        }
        script.rm("/etc/machine-id").write(empty, "/etc/machine-id", 0444);
        changes.add("emptied /etc/machine-id");
    }

    private void removeIfPresent(String path, Predicate<GuestEntry> which) {
        if (fs.lookup(path).filter(which).isPresent()) {
            removeFiles.add(path);
            changes.add("removed " + path);
        }
    }

    private int removeChildren(String dir, Predicate<GuestEntry> which) {
        return removeChildren(dir, which, true);
    }

    /**
     * Removes the direct entries of {@code dir} that match; returns how many. With
     * {@code anyName} the match may hold any name, so names debugfs cannot read are reported.
     */
    private int removeChildren(String dir, Predicate<GuestEntry> which, boolean anyName) {
        Ext4Fs.Listing listing = fs.list(dir);
        int n = 0;
        int skipped = anyName ? listing.unreadable() : 0;
        for (GuestEntry e : listing.entries()) {
            if (!which.test(e)) {
                continue;
            }
            if (!DebugfsScript.isSafe(e.name())) {
                skipped++;
            } else if (removeFiles.add(Ext4Fs.join(dir, e.name()))) {
                n++;
            }
        }
        warnSkipped(dir, skipped);
        return n;
    }

    /** Removes everything below {@code dir}, keeping {@code dir}; {@code what} names it in the change. */
    private void emptyTree(String dir, String what) {
        Ext4Fs.Tree tree = fs.walk(dir);
        int removed = 0;
        for (Ext4Fs.Node n : tree.nodes()) {
            if (!n.entry().isDirectory() && removeFiles.add(n.path())) {
                removed++;
            }
        }
        for (Ext4Fs.Node n : tree.nodes().reversed()) { // breadth-first order reversed: children before parents
            if (n.entry().isDirectory() && tree.removable(n.path())) {
                removeDirs.add(n.path());
                removed++;
            }
        }
        tree.skipped().forEach(this::warnSkipped);
        if (removed > 0) {
            changes.add("emptied " + what + " (" + removed + " entr" + (removed == 1 ? "y" : "ies") + ")");
        }
    }

    /** Regular files anywhere under /var/log (directories stay, so services find them) and all of /var/log/journal. */
    private void removeLogs() {
        Ext4Fs.Tree tree = fs.walk("/var/log");
        int logs = 0;
        for (Ext4Fs.Node n : tree.nodes()) {
            if (n.entry().isRegularFile() && !n.path().startsWith(JOURNAL + "/") && removeFiles.add(n.path())) {
                logs++;
            }
        }
        tree.skipped().forEach((dir, count) -> {
            if (!dir.equals(JOURNAL) && !dir.startsWith(JOURNAL + "/")) {
                warnSkipped(dir, count);
            }
        });
        count(logs, "log file", "removed");
        emptyTree(JOURNAL, JOURNAL);
    }

    private void removeHistory() {
        List<String> homes = new ArrayList<>(List.of("/root"));
        fs.list("/home").entries().stream().filter(e -> e.isDirectory() && DebugfsScript.isSafe(e.name()))
                .forEach(e -> homes.add("/home/" + e.name()));
        fs.prefetch(homes.stream().map(h -> h + "/x").toList());
        int n = 0;
        for (String home : homes) {
            n += removeChildren(home, e -> e.isRegularFile() && HISTORY.contains(e.name()), false);
        }
        count(n, "shell history file", "removed");
    }

    private void count(int n, String noun, String verb) {
        if (n > 0) {
            changes.add(verb + " " + n + " " + noun + (n == 1 ? "" : "s"));
        }
    }

    private void warnSkipped(String dir, int count) {
        if (count > 0) {
            warnings.add("left " + count + " entr" + (count == 1 ? "y" : "ies") + " in " + dir
                    + " whose names hold a quote or line break (debugfs cannot name them)");
        }
    }
}
