package dev.vireo.guest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.guest.GuestEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a clone its own identity before its first boot: machine-id, SSH host keys and hostname.
 * Everything is prepared on the host first and written in one debugfs run.
 */
final class IdentityRegenerator {
    private static final Pattern HOST_KEY = Pattern.compile("ssh_host_([a-z0-9]+)_key");
    private static final Pattern HOST_CERT = Pattern.compile("ssh_host_[a-z0-9]+_key-cert\\.pub");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ext4Fs fs;
    private final SshHostKeys keys;
    private final Path files;
    private final DebugfsScript script = new DebugfsScript();
    private final List<String> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** {@code files} is a private directory for the new files and keys before they are written. */
    IdentityRegenerator(Ext4Fs fs, SshHostKeys keys, Path files) {
        this.fs = fs;
        this.keys = keys;
        this.files = files;
    }

    GuestEdit regenerate(String hostname) {
        fs.prefetch(List.of("/etc/machine-id", "/var/lib/dbus/machine-id", "/etc/ssh/ssh_host_rsa_key"));
        Path id = local("machine-id", newMachineId() + "\n");
        if (replaceFile("/etc/machine-id", id, 0444, true)) {
            changes.add("new /etc/machine-id");
        }
        if (replaceFile("/var/lib/dbus/machine-id", id, 0444, false)) { // a symlink (to /etc/machine-id) is left alone
            changes.add("new /var/lib/dbus/machine-id");
        }
        regenerateHostKeys(hostname);
        if (replaceFile("/etc/hostname", local("hostname", hostname + "\n"), 0644, true)) {
            changes.add("/etc/hostname set to " + hostname);
        }
        fs.apply(script);
        return new GuestEdit(changes, warnings);
    }

    /** A random 128-bit id in systemd's form: 32 lowercase hex digits, marked as a v4 UUID like sd_id128_randomize. */
    static String newMachineId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        return HexFormat.of().formatHex(b);
    }

    /** Replaces a regular file (with {@code createOrReplaceAny}, also a missing file or a symlink); false when it did not. */
    private boolean replaceFile(String path, Path content, int permissions, boolean createOrReplaceAny) {
        Optional<GuestEntry> old = fs.lookup(path);
        if (old.isPresent() && old.get().isDirectory()) {
            warnings.add(path + " is a directory; left alone");
            return false;
        }
        boolean replace = old.map(GuestEntry::isRegularFile).orElse(false)
                || (createOrReplaceAny && fs.lookup(Ext4Fs.parent(path)).filter(GuestEntry::isDirectory).isPresent());
        if (!replace) {
            return false;
        }
        if (old.isPresent()) {
            script.rm(path);
        }
        script.write(content, path, permissions);
        return true;
    }

    private void regenerateHostKeys(String hostname) {
        Ext4Fs.Listing ssh = fs.list("/etc/ssh");
        Map<String, GuestEntry> byName = new LinkedHashMap<>();
        ssh.entries().forEach(e -> byName.put(e.name(), e));
        SortedMap<String, String> keyPaths = hostKeys(ssh); // type -> private key path
        if (keyPaths.isEmpty()) {
            return;
        }
        Path keyDir = subdir("keys");
        Map<String, Path> oldPublic = new LinkedHashMap<>();
        keyPaths.forEach((type, path) -> {
            GuestEntry pub = byName.get(Ext4Fs.name(path) + ".pub");
            if (pub != null && pub.isRegularFile()) {
                oldPublic.put(path + ".pub", keyDir.resolve("old_" + type + ".pub"));
            }
        });
        fs.dump(oldPublic);
        keyPaths.forEach((type, path) -> {
            Path old = oldPublic.get(path + ".pub");
            OptionalInt bits = old == null ? OptionalInt.empty() : keys.bitsToKeep(type, old);
            SshHostKeys.KeyPair pair = keys.generate(type, bits, hostname, keyDir);
            script.rm(path).write(pair.privateKey(), path, 0600);
            GuestEntry pub = byName.get(Ext4Fs.name(path) + ".pub");
            if (pub != null && pub.isDirectory()) {
                warnings.add(path + ".pub is a directory; new public key not written");
                return;
            }
            if (pub != null) {
                script.rm(path + ".pub");
            }
            script.write(pair.publicKey(), path + ".pub", 0644);
        });
        int n = keyPaths.size();
        changes.add(n + " SSH host key" + (n == 1 ? "" : "s") + " regenerated (" + String.join(", ", keyPaths.keySet()) + ")");
    }

    /** The private host keys to replace, by type; what cannot be replaced is a warning. */
    private SortedMap<String, String> hostKeys(Ext4Fs.Listing ssh) {
        SortedMap<String, String> result = new TreeMap<>();
        for (GuestEntry e : ssh.entries()) {
            String path = "/etc/ssh/" + e.name();
            if (HOST_CERT.matcher(e.name()).matches()) {
                warnings.add(path + " certifies the old host key; sign the new key to replace it");
            }
            Matcher m = HOST_KEY.matcher(e.name());
            if (!m.matches()) {
                continue;
            }
            if (!e.isRegularFile()) {
                warnings.add(path + " is not a regular file; left alone");
            } else if (!SshHostKeys.TYPES.contains(m.group(1))) {
                warnings.add(path + ": unknown key type " + m.group(1) + "; left alone");
            } else {
                result.put(m.group(1), path);
            }
        }
        return result;
    }

    private Path local(String name, String content) {
        try {
            return Files.writeString(files.resolve(name), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write " + files.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private Path subdir(String name) {
        try {
            return Files.createDirectory(files.resolve(name));
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create " + files.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
