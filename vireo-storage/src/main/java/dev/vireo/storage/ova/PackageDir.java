package dev.vireo.storage.ova;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.archive.PlainNames;
import dev.vireo.storage.archive.TarExtractor;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An appliance's files gathered in one directory that the import owns: from an .ova, extracted
 * with {@link TarExtractor}'s checks; from an .ovf, the descriptor, its manifest and the files it
 * names, hard-linked (or copied) from beside it. {@code where} names the package in messages.
 */
record PackageDir(Path dir, String where, String ovfName, Manifest manifest, List<String> files, List<String> warnings) {
    private static final long MAX_MANIFEST = 1L << 20;

    PackageDir {
        Objects.requireNonNull(dir);
        Objects.requireNonNull(where);
        Objects.requireNonNull(ovfName);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    Path ovf() {
        return dir.resolve(ovfName);
    }

    /** Unpacks {@code ova} into {@code dir}, which must exist and be empty. */
    static PackageDir extract(Path ova, Path dir, Progress progress) {
        String where = ova.getFileName().toString();
        List<String> names = new TarExtractor().extract(ova, where, dir, progress);
        List<String> ovfs = withSuffix(names, ".ovf");
        if (ovfs.size() != 1) {
            throw VireoException.invalid(where + (ovfs.isEmpty() ? " contains no .ovf descriptor"
                    : " contains " + ovfs.size() + " .ovf descriptors (" + String.join(", ", ovfs) + "); expected one"));
        }
        String ovfName = ovfs.getFirst();
        List<String> manifests = withSuffix(names, ".mf");
        String manifest = manifests.size() <= 1 ? manifests.stream().findFirst().orElse(null)
                : manifests.stream().filter(m -> m.equals(base(ovfName) + ".mf")).findFirst().orElseThrow(
                        () -> VireoException.invalid(where + " contains " + manifests.size() + " manifests ("
                                + String.join(", ", manifests) + "); expected one"));
        List<String> warnings = new ArrayList<>();
        withSuffix(names, ".cert").forEach(c -> warnings.add(where + " is signed (" + c + "); the signature is not checked"));
        return new PackageDir(dir, where, ovfName, manifest == null ? null : readManifest(dir.resolve(manifest), manifest),
                names, warnings);
    }

    /**
     * Gathers an .ovf from the host: the descriptor itself, {@code <name>.mf} if present, and every
     * file its References or manifest name that exists beside it (hrefs are plain names, so nothing
     * outside that directory is reached, and a symbolic link there is refused rather than followed).
     * Missing files are left for the checks that need them.
     */
    static PackageDir gather(Path ovf, Path dir) throws IOException {
        Path real = ovf.toRealPath(); // the file the user named; what it references must sit beside it
        Path source = real.getParent();
        String ovfName = real.getFileName().toString();
        if (!PlainNames.isPlain(ovfName)) {
            throw VireoException.invalid("'" + PlainNames.printable(ovfName) + "' is not a plain file name");
        }
        String where = source.toString();
        Set<String> names = new LinkedHashSet<>();
        names.add(ovfName);
        link(source, ovfName, dir, ovfName);
        OvfDescriptor descriptor = OvfReader.read(dir.resolve(ovfName), ovfName);
        String mfName = base(ovfName) + ".mf";
        Manifest manifest = null;
        if (Files.exists(source.resolve(mfName), LinkOption.NOFOLLOW_LINKS)) {
            link(source, mfName, dir, ovfName);
            names.add(mfName);
            manifest = readManifest(dir.resolve(mfName), mfName);
        }
        Set<String> wanted = new LinkedHashSet<>(descriptor.files().values());
        if (manifest != null) {
            manifest.files().stream().filter(PlainNames::isPlain).forEach(wanted::add);
        }
        for (String name : wanted) {
            if (!names.contains(name) && Files.exists(source.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                link(source, name, dir, ovfName);
                names.add(name);
            }
        }
        List<String> warnings = new ArrayList<>();
        if (Files.exists(source.resolve(base(ovfName) + ".cert"))) {
            warnings.add(ovfName + " is signed (" + base(ovfName) + ".cert); the signature is not checked");
        }
        return new PackageDir(dir, where, ovfName, manifest, List.copyOf(names), warnings);
    }

    /** Checks the manifest's digests; says which files it leaves unverified (or that there is none). */
    List<String> verify(Progress progress) {
        List<String> notes = new ArrayList<>();
        if (manifest == null) {
            notes.add(where + " has no manifest; its files are not verified");
            return notes;
        }
        manifest.verify(dir, where, progress);
        for (String f : files) {
            if (!f.equals(manifest.name()) && !f.toLowerCase(Locale.ROOT).endsWith(".cert") && !manifest.files().contains(f)) {
                notes.add("'" + f + "' in " + where + " is not listed in " + manifest.name() + "; not verified");
            }
        }
        return notes;
    }

    private static Manifest readManifest(Path file, String name) {
        try {
            if (Files.size(file) > MAX_MANIFEST) {
                throw VireoException.invalid(name + " is larger than 1 MiB; not a manifest");
            }
            return Manifest.parse(name, Files.readString(file));
        } catch (MalformedInputException e) {
            throw VireoException.invalid(name + " is not a text manifest");
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A hard link when possible (no copy of a large disk), else a copy; only of a regular file, never through a link. */
    private static void link(Path sourceDir, String name, Path dir, String ovfName) {
        Path source = sourceDir.resolve(name);
        Path target = dir.resolve(name);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw VireoException.invalid("'" + name + "' beside " + ovfName
                    + " is not a regular file (a symbolic link is not followed); put the file itself there");
        }
        try {
            try {
                Files.createLink(target, source);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static List<String> withSuffix(List<String> names, String suffix) {
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(suffix)).toList();
    }

    private static String base(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
