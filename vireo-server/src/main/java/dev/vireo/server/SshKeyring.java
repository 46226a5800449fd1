package dev.vireo.server;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.instance.InstanceService.DaemonKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The daemon's own ed25519 key pair (keys/id_ed25519), made once with ssh-keygen; used for exec and shell. */
final class SshKeyring {
    private SshKeyring() {}

    static DaemonKey ensure(Path keysDir) {
        Path key = keysDir.resolve("id_ed25519");
        Path pub = keysDir.resolve("id_ed25519.pub");
        try {
            if (!Files.exists(key) || !Files.exists(pub)) {
                Files.createDirectories(keysDir);
                Files.deleteIfExists(key);
                Files.deleteIfExists(pub);
                Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vireo-daemon",
                        "-f", key.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new VireoException(ErrorCode.INTERNAL, "ssh-keygen failed: " + out.strip());
                }
            }
            return new DaemonKey(Files.readString(pub).strip(), key.toString());
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create the daemon's SSH key in " + keysDir
                    + ": " + e.getMessage() + " (is openssh-client installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, "interrupted while creating the daemon's SSH key");
        }
    }
}
