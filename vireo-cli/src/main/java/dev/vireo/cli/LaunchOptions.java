package dev.vireo.cli;

import dev.vireo.api.LaunchRequest;
import dev.vireo.api.NicRequest;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code launch} and {@code create} share: the image, the name and the instance's shape. */
final class LaunchOptions {
    private static final Set<String> ACCELERATORS = Set.of("kvm", "tcg", "auto");
    private static final Set<String> SEEDS = Set.of("iso", "metadata");

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image alias, e.g. debian/12 (see: vireo image list).")
    String image;

    @Parameters(index = "1", paramLabel = "NAME", description = "Name of the new instance.")
    String name;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs (default: the daemon's default).")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory, e.g. 1GiB or 512M (binary units).")
    String memory;

    @Option(names = "--disk", paramLabel = "SIZE", description = "Root disk size, e.g. 20G (default: the image's).")
    String disk;

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "Public key file to authorize for the default user; repeat for several.")
    List<Path> sshKeys = new ArrayList<>();

    @Option(names = "--user-data", paramLabel = "FILE", description = "cloud-init user-data file (e.g. #cloud-config).")
    Path userData;

    @Option(names = "--accel", paramLabel = "kvm|tcg|auto",
            description = "Accelerator: kvm, tcg or auto (default: auto, KVM when the CPU supports it).")
    String accel;

    @Option(names = "--volume", paramLabel = "VOL[:/MOUNT]",
            description = "Attach volume VOL before the first boot; with a guest path, cloud-init formats it "
                    + "(if blank) and mounts it there. Repeat for several.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--network", paramLabel = "SPEC",
            description = "A NIC on managed network NAME (user: QEMU user-mode networking), as "
                    + "NAME[,ip=ADDRESS][,mac=MAC][,secgroup=GROUP]...; secgroup repeats. Repeat --network for "
                    + "several NICs, eth0 first (default: one NIC on the default network).")
    List<String> networks = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "iso|metadata",
            description = "How cloud-init gets its data: iso (a seed disk, the default) or metadata (the metadata "
                    + "service at 169.254.169.254; needs a NIC on a managed network).")
    String seed;

    @Option(names = "--no-wait",
            description = "Return once the instance runs, without waiting for cloud-init to finish first boot.")
    boolean noWait;

    /** Checks the flags and reads the files here, where a missing file is the user's local mistake. */
    LaunchRequest request(boolean start) {
        if (cpus != null && cpus < 1) {
            throw VireoException.invalid("--cpus must be at least 1");
        }
        checkSize("--memory", memory);
        checkSize("--disk", disk);
        String accelerator = accel == null ? null : accel.toLowerCase(Locale.ROOT);
        if (accelerator != null && !ACCELERATORS.contains(accelerator)) {
            throw VireoException.invalid("--accel must be kvm, tcg or auto, not '" + accel + "'");
        }
        List<String> keys = new ArrayList<>();
        for (Path file : sshKeys) {
            keys.addAll(publicKeys(file));
        }
        String userDataText = userData == null ? null : read("--user-data", userData);
        List<LaunchRequest.VolumeMount> mounts = volumes.stream().map(LaunchOptions::volumeMount).toList();
        List<NicRequest> nics = networks.stream().map(NicSpec::parse).toList();
        return new LaunchRequest(name, image, cpus, memory, disk, keys.isEmpty() ? null : keys, userDataText,
                accelerator, start, !noWait, mounts.isEmpty() ? null : mounts, nics.isEmpty() ? null : nics,
                seed(nics));
    }

    /** Null when not given (the daemon's default, iso); metadata with only user-mode NICs cannot work. */
    private String seed(List<NicRequest> nics) {
        String value = seed == null ? null : seed.toLowerCase(Locale.ROOT);
        if (value != null && !SEEDS.contains(value)) {
            throw VireoException.invalid("--seed must be iso or metadata, not '" + seed + "'");
        }
        if ("metadata".equals(value) && !nics.isEmpty() && nics.stream().allMatch(n -> n.network().equals("user"))) {
            throw VireoException.invalid("--seed metadata needs a NIC on a managed network, not only user");
        }
        return value;
    }

    /** "data" or "data:/srv/data"; only the shape is checked here, the daemon checks names and paths. */
    static LaunchRequest.VolumeMount volumeMount(String value) {
        int colon = value.indexOf(':');
        String volume = colon < 0 ? value : value.substring(0, colon);
        String mount = colon < 0 ? null : value.substring(colon + 1);
        if (volume.isBlank() || (mount != null && mount.isBlank())) {
            throw VireoException.invalid("--volume '" + value + "': use VOL or VOL:/mount/path");
        }
        return new LaunchRequest.VolumeMount(volume, mount);
    }

    static void checkSize(String flag, String size) {
        if (size != null) {
            try {
                Sizes.parse(size);
            } catch (VireoException e) {
                throw VireoException.invalid(flag + ": " + e.getMessage());
            }
        }
    }

    static List<String> publicKeys(Path file) {
        String text = read("--ssh-key", file);
        if (text.contains("PRIVATE KEY")) {
            throw VireoException.invalid("--ssh-key " + file + " is a private key; pass the public one ("
                    + file + ".pub)");
        }
        List<String> keys = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (keys.isEmpty()) {
            throw VireoException.invalid("--ssh-key " + file + " holds no key");
        }
        return keys;
    }

    private static String read(String flag, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw VireoException.invalid("cannot read " + flag + " " + file + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file";
            case AccessDeniedException x -> "permission denied";
            case CharacterCodingException x -> "not UTF-8 text";
            default -> String.valueOf(e.getMessage());
        };
    }
}
