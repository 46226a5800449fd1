package dev.vireo.storage.ova;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.appliance.ApplianceExport;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.QemuImg;
import dev.vireo.storage.archive.PlainNames;
import dev.vireo.storage.archive.TarWriter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an .ova: the disk converted to a streamOptimized VMDK (read with force-share, so a
 * running instance can be exported), the OVF descriptor first in the tar, then the files in
 * References order, then a SHA256 manifest. Everything is built in
 * {@code <dir>/.<file>.<random>.tmp/}, fsynced, and hard-linked to the target, which therefore
 * appears whole or not at all and is never overwritten; the temp dir is always removed.
 */
final class OvaExporter {
    static final String KERNEL = "vmlinuz";
    static final String INITRD = "initrd.img";
    private static final Logger LOG = LoggerFactory.getLogger(OvaExporter.class);

    private final QemuImg qemuImg;
    private final Clock clock;

    OvaExporter(QemuImg qemuImg, Clock clock) {
        this.qemuImg = qemuImg;
        this.clock = clock;
    }

    /** A member of the tar: its name and where its bytes are (a file, or the bytes themselves). */
    private record Member(String name, Path file, byte[] bytes) {
        long size() throws IOException {
            return file != null ? Files.size(file) : bytes.length;
        }

        InputStream open() throws IOException {
            return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
        }
    }

    void export(ApplianceExport vm, Path target, Progress progress) {
        Path out = target.toAbsolutePath().normalize();
        Path dir = out.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw VireoException.invalid("directory " + dir + " does not exist");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, out + " already exists");
        }
        if (!PlainNames.isPlain(vm.name() + ".ovf")) {
            throw VireoException.invalid("'" + PlainNames.printable(vm.name()) + "' cannot name the files of an appliance");
        }
        if (!Files.isRegularFile(vm.disk())) {
            throw VireoException.notFound("disk " + vm.disk());
        }
        Path tmp = dir.resolve("." + out.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".tmp");
        try {
            Files.createDirectory(tmp);
            write(vm, tmp, out, progress);
            progress.update(1.0, "exported " + vm.name() + " to " + out.getFileName());
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            deleteFlat(tmp);
        }
    }

    private void write(ApplianceExport vm, Path tmp, Path out, Progress progress) throws IOException {
        Path vmdk = tmp.resolve(vm.name() + "-disk1.vmdk");
        String format = qemuImg.info(vm.disk()).format();
        qemuImg.convert(vm.disk(), format, vmdk, "vmdk", List.of("subformat=streamOptimized"), true,
                OvaFormat.span(progress, 0, 0.6));
        long capacity = vm.diskCapacityBytes() > 0 ? vm.diskCapacityBytes() : qemuImg.info(vmdk).virtualSize();
        OvfWriter.DiskFile disk = new OvfWriter.DiskFile(
                new OvfWriter.PackageFile(vmdk.getFileName().toString(), Files.size(vmdk)), capacity, qemuImg.dataBytes(vmdk));
        OvfWriter.PackageFile kernel = vm.kernel() == null ? null : new OvfWriter.PackageFile(KERNEL, Files.size(vm.kernel()));
        OvfWriter.PackageFile initrd = kernel == null || vm.initrd() == null ? null
                : new OvfWriter.PackageFile(INITRD, Files.size(vm.initrd()));
        byte[] ovf = OvfWriter.write(vm, disk, kernel, initrd).getBytes(StandardCharsets.UTF_8);

        List<Member> members = new ArrayList<>();
        members.add(new Member(vm.name() + ".ovf", null, ovf));
        members.add(new Member(disk.file().href(), vmdk, null));
        if (kernel != null) {
            members.add(new Member(KERNEL, vm.kernel(), null));
        }
        if (initrd != null) {
            members.add(new Member(INITRD, vm.initrd(), null));
        }
        Path part = tmp.resolve(out.getFileName());
        writeTar(part, members, vm.name() + ".mf", OvaFormat.span(progress, 0.6, 0.99));
        publish(part, out);
    }

    /** The members in order, then the manifest of their SHA-256 digests; fsynced before it returns. */
    private void writeTar(Path part, List<Member> members, String manifestName, Progress progress) throws IOException {
        long total = 0;
        for (Member m : members) {
            total += m.size();
        }
        long[] done = {0, -1}; // bytes written, last whole percent reported
        StringBuilder manifest = new StringBuilder();
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
            TarWriter tar = new TarWriter(os, clock.instant());
            for (Member m : members) {
                MessageDigest sha256 = Manifest.newDigest("SHA256");
                long size = m.size();
                long totalBytes = total;
                try (InputStream in = new DigestInputStream(counting(m.open(), n -> {
                    done[0] += n;
                    long percent = done[0] * 100 / Math.max(1, totalBytes);
                    if (percent != done[1]) {
                        done[1] = percent;
                        progress.update((double) done[0] / Math.max(1, totalBytes), "writing " + m.name());
                    }
                }), sha256)) {
                    tar.add(m.name(), size, in);
                }
                manifest.append(Manifest.line(m.name(), HexFormat.of().formatHex(sha256.digest())));
            }
            byte[] mf = manifest.toString().getBytes(StandardCharsets.UTF_8);
            tar.add(manifestName, mf.length, new ByteArrayInputStream(mf));
            tar.finish();
            os.flush();
            channel.force(true);
        }
    }

    /** Links the finished file into place: atomic, and refuses (never replaces) an existing target. */
    private static void publish(Path part, Path out) throws IOException {
        try {
            Files.createLink(out, part);
        } catch (FileAlreadyExistsException e) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, out + " already exists");
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot hard-link {} ({}); renaming instead", out, e.toString());
            try {
                Files.move(part, out);
            } catch (FileAlreadyExistsException ex) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, out + " already exists");
            }
        }
        try (FileChannel d = FileChannel.open(out.getParent(), StandardOpenOption.READ)) {
            d.force(true); // make the new directory entry durable too
        } catch (IOException e) {
            LOG.debug("cannot fsync {}: {}", out.getParent(), e.toString());
        }
    }

    private static InputStream counting(InputStream in, LongConsumer onRead) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    onRead.accept(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    onRead.accept(n);
                }
                return n;
            }
        };
    }

    /** Removes the temp dir; it only ever holds plain files. */
    private static void deleteFlat(Path tmp) {
        if (!Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", tmp, e.toString());
        }
    }
}
