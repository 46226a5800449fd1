package dev.vireo.storage;

import dev.vireo.core.util.Cmd;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * apt with its own sources, lists and cache under a scratch dir: downloads .debs from the
 * configured mirror whatever the host's apt sources are, and never touches the host's apt or
 * dpkg state (no locks, no status file).
 */
final class AptPackages {
    private static final Path DEBIAN_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Path root;

    private AptPackages(Path root) {
        this.root = root;
    }

    /** Writes a sources.list for {@code suite} under {@code root} and runs apt-get update. */
    static AptPackages update(Path root, DebianMirror mirror, String suite) throws IOException {
        AptPackages apt = new AptPackages(root);
        Files.createDirectories(root.resolve("lists/partial"));
        Files.createDirectories(root.resolve("cache/archives/partial"));
        Files.createDirectories(root.resolve("preferences.d"));
        String signedBy = Files.isRegularFile(DEBIAN_KEYRING) ? "[signed-by=" + DEBIAN_KEYRING + "] " : "";
        List<String> lines = mirror.sources(suite).stream().map(l -> l.replaceFirst("^deb ", "deb " + signedBy)).toList();
        Files.write(root.resolve("sources.list"), lines);
        Cmd.check("apt-get update", apt.argv("apt-get", "update"), TIMEOUT, root, null);
        return apt;
    }

    /** The first dependency of {@code pkg} whose name starts with {@code prefix}, e.g. the versioned kernel. */
    String dependency(String pkg, String prefix) {
        Cmd.Result r = Cmd.check("apt-cache depends " + pkg, argv("apt-cache", "depends", pkg), TIMEOUT, root, null);
        Matcher m = Pattern.compile("^\\s*\\|?Depends: (" + Pattern.quote(prefix) + "\\S+)$", Pattern.MULTILINE)
                .matcher(r.stdout());
        if (!m.find()) {
            throw new VireoException(ErrorCode.INTERNAL, pkg + " has no dependency named " + prefix + "*");
        }
        return m.group(1);
    }

    /** Downloads the packages' .debs into {@code dir}; returns them in the order asked. */
    List<Path> download(Path dir, List<String> packages) throws IOException {
        List<String> argv = argv("apt-get", "download");
        argv.addAll(packages);
        Cmd.check("apt-get download", argv, TIMEOUT, dir, null);
        List<Path> debs = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.filter(p -> p.toString().endsWith(".deb")).toList();
            for (String pkg : packages) {
                debs.add(files.stream().filter(p -> p.getFileName().toString().startsWith(pkg + "_")).findFirst()
                        .orElseThrow(() -> new VireoException(ErrorCode.INTERNAL, "apt-get downloaded no " + pkg)));
            }
        }
        return debs;
    }

    /** Unpacks a .deb's files (not its scripts) into {@code dir}. */
    static void extract(Path deb, Path dir) throws IOException {
        Files.createDirectories(dir);
        Cmd.check("dpkg-deb -x " + deb.getFileName(), List.of("dpkg-deb", "-x", deb.toString(), dir.toString()),
                TIMEOUT, null, null);
    }

    private List<String> argv(String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "-q",
                "-o", "Dir::Etc::SourceList=" + root.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=" + root.resolve("sources.list.d"),
                "-o", "Dir::Etc::Preferences=" + root.resolve("preferences"),
                "-o", "Dir::Etc::PreferencesParts=" + root.resolve("preferences.d"),
                "-o", "Dir::State::Lists=" + root.resolve("lists"),
                "-o", "Dir::State::status=/dev/null",
                "-o", "Dir::Cache=" + root.resolve("cache"),
                "-o", "Debug::NoLocking=1",
                "-o", "APT::Sandbox::User=root",
                "-o", "APT::Architecture=amd64",
                "-o", "APT::Architectures=amd64",
                "-o", "Acquire::Languages=none"));
        argv.addAll(List.of(args));
        return argv;
    }
}
