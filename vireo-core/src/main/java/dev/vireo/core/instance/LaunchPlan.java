package dev.vireo.core.instance;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.host.AcceleratorChoice;
import dev.vireo.core.host.HostFacts;
import dev.vireo.core.util.Names;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Turns a launch request into a validated spec, applying defaults and the host's limits. Pure. */
public final class LaunchPlan {
    public static final long DEFAULT_MEMORY = 1L << 30;
    public static final long DEFAULT_DISK = 5L << 30;
    static final long MIN_MEMORY = 64L << 20;
    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com) "
                    + "[A-Za-z0-9+/=]+( [^\\r\\n]*)?");

    private LaunchPlan() {}

    public static InstanceSpec spec(LaunchRequest req, HostFacts host, AcceleratorChoice accel) {
        Names.instance(req.name());
        if (req.image() == null || req.image().isBlank()) {
            throw VireoException.invalid("no image given (e.g. debian/12)");
        }
        int cpus = cpus(req.cpus() == null ? Math.min(2, host.cores()) : req.cpus(), host);
        long memory = memory(req.memory() == null ? DEFAULT_MEMORY : Sizes.parse(req.memory()), host);
        long disk = req.disk() == null ? DEFAULT_DISK : Sizes.parse(req.disk());
        if (disk <= 0) {
            throw VireoException.invalid("disk size must be positive");
        }
        Accelerator requested = Accelerator.parse(req.accel());
        accel.resolve(requested);
        return new InstanceSpec(cpus, memory, disk, requested, keys(req.sshKeys()), req.userData(), randomMac());
    }

    /** A vCPU count this host can run. */
    static int cpus(int cpus, HostFacts host) {
        if (cpus < 1) {
            throw VireoException.invalid("cpus must be at least 1");
        }
        if (cpus > host.cores()) {
            throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES,
                    cpus + " cpus requested but the host has " + host.cores());
        }
        return cpus;
    }

    /** A memory size between the minimum and what this host has. */
    static long memory(long memory, HostFacts host) {
        if (memory < MIN_MEMORY) {
            throw VireoException.invalid("memory " + Sizes.format(memory) + " is below the minimum of "
                    + Sizes.format(MIN_MEMORY));
        }
        if (host.memoryBytes() > 0 && memory > host.memoryBytes()) {
            throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, "memory " + Sizes.format(memory)
                    + " exceeds the host's " + Sizes.format(host.memoryBytes()));
        }
        return memory;
    }

    /** Disk size when the user gave none: the default, or the image's size when that is larger. */
    public static long effectiveDisk(LaunchRequest req, InstanceSpec spec, long imageVirtualSize) {
        return req.disk() == null ? Math.max(spec.diskBytes(), imageVirtualSize) : spec.diskBytes();
    }

    private static List<String> keys(List<String> keys) {
        if (keys == null) {
            return List.of();
        }
        for (String k : keys) {
            if (k == null || !PUBLIC_KEY.matcher(k.strip()).matches()) {
                throw VireoException.invalid("not an SSH public key: '" + abbreviate(k) + "'");
            }
        }
        return keys.stream().map(String::strip).toList();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }

    static String randomMac() {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        return String.format("52:54:00:%02x:%02x:%02x", b[0], b[1], b[2]);
    }
}
