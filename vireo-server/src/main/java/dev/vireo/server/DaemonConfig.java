package dev.vireo.server;

import dev.vireo.api.VireoException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the daemon keeps state and where it listens. {@code listen} (the API over TCP) and
 * {@code s3Listen} (the S3 endpoint) are null or loopback addresses.
 */
public record DaemonConfig(Path stateDir, Path socket, InetSocketAddress listen, InetSocketAddress s3Listen) {
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/vireo");
    public static final Path DEFAULT_SOCKET = Path.of("/run/vireo/vireo.sock");

    public DaemonConfig {
        Objects.requireNonNull(stateDir);
        stateDir = stateDir.toAbsolutePath();
        socket = socket == null ? null : socket.toAbsolutePath();
        requireLoopback(listen);
        requireLoopback(s3Listen);
    }

    public DaemonConfig(Path stateDir, Path socket, InetSocketAddress listen) {
        this(stateDir, socket, listen, null);
    }

    private static void requireLoopback(InetSocketAddress address) {
        if (address != null && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
            throw VireoException.invalid("refusing to listen on " + address.getHostString()
                    + ": only loopback addresses are allowed until TLS and tokens exist");
        }
    }

    /** Parses {@code HOST:PORT}; the host must be a loopback address. */
    public static InetSocketAddress parseListen(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0) {
            throw VireoException.invalid("invalid --listen '" + text + "': use 127.0.0.1:PORT");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw VireoException.invalid("invalid port in --listen '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw VireoException.invalid("invalid port in --listen '" + text + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw VireoException.invalid("unknown host in --listen '" + text + "'");
        }
    }
}
