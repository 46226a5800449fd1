package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.guest.GuestEdit;
import dev.vireo.core.guest.GuestEditor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits a stopped guest's qcow2 disk without mounting it: qemu-storage-daemon exports the disk
 * (through its backing chain; writes go to the top image only) as a raw file over FUSE, and
 * debugfs reads and writes the ext2/3/4 root filesystem in user space. A disk without such a
 * filesystem (with /etc) gets a warning, not an error. See docs/guest-identity.md.
 *
 * <p>The disk must not be in use: qemu-storage-daemon takes QEMU's image locks, so a disk a
 * running VM holds fails with {@link ErrorCode#BUSY}.
 */
public final class DebugfsGuestEditor implements GuestEditor {
    private static final Logger LOG = LoggerFactory.getLogger(DebugfsGuestEditor.class);
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xFB};
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** The host tools used, by name (looked up in PATH plus /usr/sbin and /sbin) or absolute path. */
    public record Tools(String qemuStorageDaemon, String debugfs, String e2fsck, String sfdisk, String sshKeygen) {
        public Tools {
            Objects.requireNonNull(qemuStorageDaemon);
            Objects.requireNonNull(debugfs);
            Objects.requireNonNull(e2fsck);
            Objects.requireNonNull(sfdisk);
            Objects.requireNonNull(sshKeygen);
        }

        /** The Debian tools by name: qemu-storage-daemon, debugfs, e2fsck, sfdisk, ssh-keygen. */
        public static Tools defaults() {
            return new Tools("qemu-storage-daemon", "debugfs", "e2fsck", "sfdisk", "ssh-keygen");
        }
    }

    private final Tools tools;
    private final Path workDir;
    private final Exec exec;

    /** Default tools, private directories under java.io.tmpdir, two minutes per tool run. */
    public DebugfsGuestEditor() {
        this(Tools.defaults(), Path.of(System.getProperty("java.io.tmpdir")), Duration.ofMinutes(2));
    }

    /**
     * @param workDir where each edit makes its private (0700) directory for the raw export and new keys
     * @param toolTimeout the longest one tool run may take
     */
    public DebugfsGuestEditor(Tools tools, Path workDir, Duration toolTimeout) {
        this.tools = Objects.requireNonNull(tools);
        this.workDir = Objects.requireNonNull(workDir);
        this.exec = new Exec(toolTimeout);
    }

    @Override
    public GuestEdit regenerateIdentity(Path disk, String hostname) {
        requireHostname(hostname);
        return edit(disk, "identity not regenerated", (fs, dir) ->
                new IdentityRegenerator(fs, new SshHostKeys(exec, tools.sshKeygen()), dir.subdir("files")).regenerate(hostname));
    }

    @Override
    public GuestEdit sysprep(Path disk) {
        return edit(disk, "template not cleaned", (fs, dir) -> new Sysprep(fs, dir.subdir("files")).clean());
    }

    private GuestEdit edit(Path disk, String notDone, BiFunction<Ext4Fs, PrivateDir, GuestEdit> action) {
        requireQcow2(disk);
        long started = System.nanoTime();
        try (PrivateDir dir = PrivateDir.create(workDir, "vireo-guest-");
             FuseExport export = FuseExport.start(exec, tools.qemuStorageDaemon(), disk, dir.path())) {
            PartitionFinder.Result found = new PartitionFinder(exec, tools, export.file(), dir.subdir("probe")).find();
            if (found.fs().isEmpty()) {
                List<String> warnings = new ArrayList<>();
                warnings.add("no ext2/3/4 filesystem with /etc found on the disk; " + notDone);
                warnings.addAll(found.problems());
                LOG.info("{}: {}", disk, warnings);
                return new GuestEdit(List.of(), warnings);
            }
            Ext4Fs fs = found.fs().get();
            List<String> changes = new ArrayList<>();
            if (found.needsRecovery()) {
                fs.replayJournal();
                changes.add("replayed the journal of the filesystem on " + found.where());
            }
            GuestEdit done = action.apply(fs, dir);
            changes.addAll(done.changes());
            List<String> warnings = new ArrayList<>(found.problems());
            warnings.addAll(done.warnings());
            LOG.info("{} ({}, {} ms): {}; warnings: {}", disk, found.where(), (System.nanoTime() - started) / 1_000_000,
                    changes, warnings);
            return new GuestEdit(changes, warnings);
        }
    }

    private static void requireQcow2(Path disk) {
        if (!Files.isRegularFile(disk)) {
            throw VireoException.notFound("disk " + disk);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(disk)) {
            head = in.readNBytes(QCOW2_MAGIC.length);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read disk " + disk + ": " + e.getMessage(), e);
        }
        if (!Arrays.equals(head, QCOW2_MAGIC)) {
            throw VireoException.invalid("disk " + disk + " is not a qcow2 image");
        }
    }

    /** A DNS name (RFC 1123): it goes into /etc/hostname and the keys' comment. */
    static void requireHostname(String hostname) {
        if (hostname == null || hostname.isEmpty() || hostname.length() > 253
                || !Arrays.stream(hostname.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches())) {
            throw VireoException.invalid("invalid hostname: " + hostname);
        }
    }
}
