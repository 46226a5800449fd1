package dev.vireo.storage.ova;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.appliance.ApplianceImport;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.DiskSignature;
import dev.vireo.storage.ImageInfo;
import dev.vireo.storage.QemuImg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Opens an .ova or .ovf: gathers its files into the work dir, checks the manifest, reads the
 * descriptor, maps the hardware and converts every disk to a standalone qcow2 ({@code disk0.qcow2},
 * ...). Nothing from the package is used before the manifest has been checked (for an .ovf, the
 * descriptor is read first, with the hardened parser, to learn which files belong to it).
 */
final class OvaImporter {
    static final Set<String> DISK_FORMATS = Set.of("vmdk", "vdi", "vhdx", "qcow2", "raw");

    private final QemuImg qemuImg;

    OvaImporter(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    ApplianceImport open(Path source, Path workDir, Progress progress) {
        if (!Files.exists(source)) {
            throw VireoException.notFound("appliance " + source);
        }
        if (!Files.isRegularFile(source)) {
            throw VireoException.invalid(source + " is not a regular file");
        }
        String fileName = source.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".ova") && !lower.endsWith(".ovf")) {
            throw VireoException.invalid(fileName + " is neither an .ova nor an .ovf file");
        }
        try {
            Path dir = Files.createDirectory(Files.createDirectories(workDir).resolve("package"));
            progress.update(0, "reading " + fileName);
            PackageDir pkg = lower.endsWith(".ova")
                    ? PackageDir.extract(source, dir, OvaFormat.span(progress, 0, 0.25))
                    : PackageDir.gather(source, dir);
            List<String> warnings = new ArrayList<>(pkg.warnings());
            warnings.addAll(pkg.verify(OvaFormat.span(progress, 0.25, 0.45)));
            OvfDescriptor ovf = OvfReader.read(pkg.ovf(), pkg.ovfName());
            HardwareMapper.Hardware hw = HardwareMapper.map(ovf, base(pkg.ovfName()));
            warnings.addAll(hw.warnings());
            if (hw.disks().isEmpty()) {
                throw VireoException.invalid(pkg.ovfName() + " has no disk");
            }
            List<Path> disks = convertDisks(hw.disks(), pkg, workDir, OvaFormat.span(progress, 0.45, 1.0));
            OvfDescriptor.Boot boot = ovf.boot();
            Path kernel = boot == null ? null : bootFile(boot.kernelRef(), ovf, pkg);
            Path initrd = kernel == null ? null : bootFile(boot.initrdRef(), ovf, pkg);
            progress.update(1.0, "read " + fileName);
            return new ApplianceImport(hw.name(), hw.cpus(), hw.memoryBytes(), disks, hw.macs(), kernel, initrd,
                    kernel == null ? null : boot.cmdline(), warnings);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot import " + fileName + ": " + e.getMessage(), e);
        }
    }

    private List<Path> convertDisks(List<HardwareMapper.DiskSource> sources, PackageDir pkg, Path workDir,
            Progress progress) throws IOException {
        List<Path> disks = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            HardwareMapper.DiskSource d = sources.get(i);
            Path target = workDir.resolve("disk" + i + ".qcow2");
            Progress part = OvaFormat.span(progress, (double) i / sources.size(), (double) (i + 1) / sources.size());
            if (d.href() == null) {
                if (d.capacityBytes() <= 0) {
                    throw VireoException.invalid(pkg.ovfName() + ": blank disk '" + d.label() + "' has no capacity");
                }
                qemuImg.create(target, "qcow2", d.capacityBytes());
            } else {
                convert(d, pkg, target, part);
                String href = d.href();
                if (sources.stream().skip(i + 1).noneMatch(later -> href.equals(later.href()))) {
                    Files.delete(pkg.dir().resolve(href)); // converted: free its space now
                }
            }
            disks.add(target);
        }
        return disks;
    }

    private void convert(HardwareMapper.DiskSource d, PackageDir pkg, Path target, Progress progress) {
        Path file = pkg.dir().resolve(d.href());
        if (!Files.isRegularFile(file)) {
            throw VireoException.invalid(pkg.ovfName() + " references disk file '" + d.href()
                    + "' which is not in the package");
        }
        String what = "disk file '" + d.href() + "' in " + pkg.where();
        // an extent or backing file would make qemu-img read whatever it names on the host
        List<String> refs = qemuImg.referencedFiles(file, what);
        if (!refs.isEmpty()) {
            throw VireoException.invalid(what + " refers to other files (" + String.join(", ", refs)
                    + "); only single-file disks can be imported");
        }
        ImageInfo info = qemuImg.info(file, what);
        if (!DISK_FORMATS.contains(info.format())) {
            throw VireoException.invalid(what + " is a " + info.format() + " image; supported: vmdk, vdi, vhdx, qcow2, raw");
        }
        if (info.format().equals("raw")) {
            requireRawDisk(file, what);
        }
        qemuImg.convert(file, info.format(), target, "qcow2", progress);
        if (d.capacityBytes() > info.virtualSize()) {
            qemuImg.resize(target, "qcow2", d.capacityBytes());
        }
    }

    /** qemu-img calls any file it does not recognise raw: a raw disk must show a partition table or filesystem. */
    private static void requireRawDisk(Path file, String what) {
        try {
            if (Files.size(file) % DiskSignature.SECTOR != 0 || DiskSignature.detect(file).isEmpty()) {
                throw VireoException.invalid(what + " is not a disk image qemu-img can read (it sees raw data"
                        + " with no partition table or filesystem)");
            }
        } catch (java.io.IOException e) {
            throw VireoException.invalid("cannot read " + what + ": " + e.getMessage());
        }
    }

    private static Path bootFile(String fileRef, OvfDescriptor ovf, PackageDir pkg) {
        if (fileRef == null) {
            return null;
        }
        String href = ovf.files().get(fileRef);
        if (href == null) {
            throw VireoException.invalid(ovf.fileName() + ": the Vireo boot section refers to file '" + fileRef
                    + "', which is not in its References");
        }
        Path file = pkg.dir().resolve(href);
        if (!Files.isRegularFile(file)) {
            throw VireoException.invalid(ovf.fileName() + " references file '" + href + "' which is not in the package");
        }
        return file;
    }

    private static String base(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
