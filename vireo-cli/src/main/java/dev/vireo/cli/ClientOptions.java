package dev.vireo.cli;

import dev.vireo.api.client.VireoClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --socket} flag: where the daemon listens. */
final class ClientOptions {
    static final String DEFAULT_SOCKET = "/run/vireo/vireo.sock";

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Daemon socket (default: $VIREO_SOCKET, else " + DEFAULT_SOCKET + ").")
    String socket;

    VireoClient connect() {
        return VireoClient.unix(socketPath());
    }

    Path socketPath() {
        if (socket != null && !socket.isBlank()) {
            return Path.of(socket);
        }
        String env = System.getenv("VIREO_SOCKET");
        return Path.of(env != null && !env.isBlank() ? env : DEFAULT_SOCKET);
    }
}
