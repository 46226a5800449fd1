package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.archive.TarExtractor;
import dev.vireo.storage.archive.VagrantBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One import: fetch and hash the source, verify the checksum, and store a sound, standalone disk
 * as qcow2. Accepted: qcow2 (kept as is), raw, vmdk, vdi and vhdx (converted), and Vagrant boxes
 * for the libvirt provider (a tar or tar.gz whose box.img is a qcow2).
 */
final class DiskImport {
    private static final String STANDALONE_HINT = "import a standalone image (qemu-img convert -O qcow2 FILE disk.qcow2)";

    private final QemuImg qemuImg;
    private final SourceFetcher fetcher;

    DiskImport(QemuImg qemuImg, SourceFetcher fetcher) {
        this.qemuImg = qemuImg;
        this.fetcher = fetcher;
    }

    /** Writes the qcow2 to {@code disk} (using {@code work} for scratch) and returns the source's SHA-256. */
    String run(String source, String sha256, Path work, Path disk, Progress progress) throws IOException {
        SourceFetcher.Fetched fetched = fetcher.fetch(source, work.resolve("source"), BuildContext.span(progress, 0, 0.8));
        if (sha256 != null && !sha256.isBlank() && !sha256.strip().equalsIgnoreCase(fetched.sha256())) {
            throw new VireoException(ErrorCode.CHECKSUM_MISMATCH, "sha256 mismatch: expected "
                    + sha256.strip().toLowerCase(Locale.ROOT) + ", got " + fetched.sha256());
        }
        progress.update(0.8, "inspecting");
        if (TarExtractor.looksLikeArchive(fetched.file())) {
            importBox(source, fetched.file(), work, disk, progress);
        } else {
            importDisk(source, fetched, disk, progress);
        }
        return fetched.sha256();
    }

    private void importDisk(String source, SourceFetcher.Fetched fetched, Path disk, Progress progress) throws IOException {
        requireStandalone(source, fetched.file());
        ImageInfo info = qemuImg.info(fetched.file());
        switch (info.format()) {
            case "qcow2" -> acceptQcow2(source, info, disk, progress);
            case "raw" -> acceptRaw(source, fetched, info, disk, progress);
            case "vmdk", "vdi", "vhdx" -> convert(info, disk, progress);
            default -> throw VireoException.invalid(source + " is a " + info.format() + " image; import qcow2, raw, vmdk,"
                    + " vdi, vhdx or a libvirt vagrant box (convert it with: qemu-img convert -O qcow2 FILE disk.qcow2)");
        }
    }

    private void importBox(String source, Path box, Path work, Path disk, Progress progress) throws IOException {
        Path dir = Files.createDirectory(work.resolve("box"));
        Path image = VagrantBox.extract(box, source, dir, BuildContext.span(progress, 0.8, 0.85));
        Files.delete(box); // box.img is all we keep
        String what = VagrantBox.DISK + " in " + source;
        requireStandalone(what, image);
        ImageInfo info = qemuImg.info(image, what);
        if (!info.format().equals("qcow2")) {
            throw VireoException.invalid("vagrant box " + source + " holds a " + info.format() + " " + VagrantBox.DISK
                    + "; only qcow2 is supported");
        }
        acceptQcow2(what, info, disk, progress);
    }

    /** A backing, data or extent file would let an image read any host file when a VM opens it. */
    private void requireStandalone(String source, Path file) {
        List<String> refs = qemuImg.referencedFiles(file, "disk " + file);
        if (!refs.isEmpty()) {
            throw VireoException.invalid(source + " refers to " + (refs.size() == 1 ? "another file (" : "other files (")
                    + String.join(", ", refs) + "); " + STANDALONE_HINT);
        }
    }

    private void acceptQcow2(String source, ImageInfo info, Path disk, Progress progress) throws IOException {
        progress.update(0.85, "checking qcow2");
        CheckResult check = qemuImg.check(info.file(), "qcow2");
        if (!check.usable() || info.corrupt()) {
            throw VireoException.invalid(source + " is a damaged qcow2 image (qemu-img check: "
                    + check.corruptions() + " corruptions, " + check.checkErrors() + " errors)");
        }
        Files.move(info.file(), disk);
    }

    private void acceptRaw(String source, SourceFetcher.Fetched fetched, ImageInfo info, Path disk, Progress progress)
            throws IOException {
        if (fetched.size() == 0 || fetched.size() % DiskSignature.SECTOR != 0) {
            throw VireoException.invalid(source + " is not a disk image (its size, " + fetched.size()
                    + " bytes, is not a whole number of 512-byte sectors)");
        }
        if (DiskSignature.detect(fetched.file()).isEmpty()) {
            throw VireoException.invalid(source + " is not a disk image"
                    + " (qemu-img sees raw data with no partition table or filesystem)");
        }
        convert(info, disk, progress);
    }

    /** vmdk, vdi, vhdx and raw become a new qcow2; the fetched copy is dropped. */
    private void convert(ImageInfo info, Path disk, Progress progress) throws IOException {
        qemuImg.convert(info.file(), info.format(), disk, "qcow2", BuildContext.span(progress, 0.85, 0.99));
        Files.delete(info.file());
    }
}
