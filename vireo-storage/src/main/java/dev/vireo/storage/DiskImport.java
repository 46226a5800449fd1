package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One import: fetch and hash the source, verify the checksum, accept only sound qcow2 or raw disks. */
final class DiskImport {
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
        ImageInfo info = qemuImg.info(fetched.file());
        switch (info.format()) {
            case "qcow2" -> acceptQcow2(source, info, disk, progress);
            case "raw" -> acceptRaw(source, fetched, disk, progress);
            default -> throw VireoException.invalid(source + " is a " + info.format() + " image; import qcow2 or raw"
                    + " (convert it with: qemu-img convert -O qcow2 FILE disk.qcow2)");
        }
        return fetched.sha256();
    }

    private void acceptQcow2(String source, ImageInfo info, Path disk, Progress progress) throws IOException {
        // a backing or data file would let an image read any host file when a VM opens it
        if (info.dependsOnOtherFiles()) {
            throw VireoException.invalid(source + " refers to another file ("
                    + (info.backingFilename() != null ? info.backingFilename() : info.dataFile())
                    + "); import a standalone image (qemu-img convert -O qcow2 FILE disk.qcow2)");
        }
        progress.update(0.85, "checking qcow2");
        CheckResult check = qemuImg.check(info.file(), "qcow2");
        if (!check.usable() || info.corrupt()) {
            throw VireoException.invalid(source + " is a damaged qcow2 image (qemu-img check: "
                    + check.corruptions() + " corruptions, " + check.checkErrors() + " errors)");
        }
        Files.move(info.file(), disk);
    }

    private void acceptRaw(String source, SourceFetcher.Fetched fetched, Path disk, Progress progress) throws IOException {
        if (fetched.size() == 0 || fetched.size() % DiskSignature.SECTOR != 0) {
            throw VireoException.invalid(source + " is not a disk image (its size, " + fetched.size()
                    + " bytes, is not a whole number of 512-byte sectors)");
        }
        if (DiskSignature.detect(fetched.file()).isEmpty()) {
            throw VireoException.invalid(source + " is not a disk image"
                    + " (qemu-img sees raw data with no partition table or filesystem)");
        }
        qemuImg.convert(fetched.file(), "raw", disk, "qcow2", BuildContext.span(progress, 0.85, 0.99));
        Files.delete(fetched.file());
    }
}
