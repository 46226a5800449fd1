package dev.vireo.guest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** Makes new SSH host keys with ssh-keygen, in a private directory, one per type the guest had. */
final class SshHostKeys {
    /** The types ssh-keygen can make host keys of, as named in {@code ssh_host_<type>_key}. */
    static final Set<String> TYPES = Set.of("rsa", "dsa", "ecdsa", "ed25519");

    /** A new key pair on the host. */
    record KeyPair(String type, Path privateKey, Path publicKey) {}

    private final Exec exec;
    private final String sshKeygen;

    SshHostKeys(Exec exec, String sshKeygen) {
        this.exec = exec;
        this.sshKeygen = sshKeygen;
    }

    /** A new key of {@code type} (with {@code bits} when the old one had a size worth keeping) in {@code dir}. */
    KeyPair generate(String type, OptionalInt bits, String hostname, Path dir) {
        Path key = dir.resolve("ssh_host_" + type + "_key");
        List<String> argv = new ArrayList<>(List.of(sshKeygen, "-q", "-N", "", "-t", type));
        bits.ifPresent(b -> argv.addAll(List.of("-b", Integer.toString(b))));
        argv.addAll(List.of("-C", "root@" + hostname, "-f", key.toString()));
        exec.check("ssh-keygen -t " + type, argv);
        return new KeyPair(type, key, Path.of(key + ".pub"));
    }

    /**
     * The size to give a new key so it is as strong as the old one: RSA keeps its size when at
     * least 2048 bits, ECDSA its curve; other types have one size. Empty when unknown.
     */
    OptionalInt bitsToKeep(String type, Path oldPublicKey) {
        if (!type.equals("rsa") && !type.equals("ecdsa")) {
            return OptionalInt.empty();
        }
        Exec.Result r = exec.run(List.of(sshKeygen, "-l", "-f", oldPublicKey.toString()));
        if (r.exitCode() != 0) {
            return OptionalInt.empty();
        }
        OptionalInt bits = parseBits(r.out());
        if (bits.isEmpty()) {
            return bits;
        }
        int b = bits.getAsInt();
        boolean keep = type.equals("rsa") ? b >= 2048 && b <= 16384 : b == 256 || b == 384 || b == 521;
        return keep ? bits : OptionalInt.empty();
    }

    /** The bit count that {@code ssh-keygen -l} prints first ("3072 SHA256:... comment (RSA)"). */
    static OptionalInt parseBits(String fingerprintLine) {
        String first = fingerprintLine.strip().split("\\s+", 2)[0];
        return first.matches("\\d{1,5}") ? OptionalInt.of(Integer.parseInt(first)) : OptionalInt.empty();
    }
}
