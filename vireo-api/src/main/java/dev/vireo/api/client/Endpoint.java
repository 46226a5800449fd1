package dev.vireo.api.client;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** Where the daemon listens: a unix socket or a TCP address, and how to name it in messages. */
record Endpoint(ProtocolFamily family, SocketAddress address, String hostHeader, String display) {

    Endpoint {
        Objects.requireNonNull(family);
        Objects.requireNonNull(address);
        Objects.requireNonNull(hostHeader);
        Objects.requireNonNull(display);
    }

    static Endpoint unix(Path socket) {
        // HTTP/1.1 requires a Host header; over a unix socket any name will do.
        return new Endpoint(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(socket), "localhost",
                socket.toString());
    }

    static Endpoint tcp(String host, int port) {
        if (port < 1 || port > 65535) {
            throw VireoException.invalid("port " + port + " is out of range 1-65535");
        }
        // Unresolved here so a bad host name fails at connect time with the same message as a refused port.
        InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new Endpoint(StandardProtocolFamily.INET, address, hostPort, hostPort);
    }

    /** Opens a blocking channel, turning the usual "daemon is not there" failures into one clear error. */
    SocketChannel connect() {
        SocketChannel channel = null;
        try {
            SocketAddress target = resolved();
            channel = SocketChannel.open(target instanceof InetSocketAddress inet
                    ? familyOf(inet) : StandardProtocolFamily.UNIX);
            channel.connect(target);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw connectFailure(e);
        }
    }

    VireoException lostConnection(IOException cause) {
        return new VireoException(ErrorCode.UNAVAILABLE,
                "lost the connection to the vireo daemon at " + display + ": " + cause.getMessage(), cause);
    }

    private SocketAddress resolved() throws IOException {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            InetSocketAddress r = new InetSocketAddress(inet.getHostString(), inet.getPort());
            if (r.isUnresolved()) {
                throw new ConnectException("unknown host " + inet.getHostString());
            }
            return r;
        }
        return address;
    }

    private static ProtocolFamily familyOf(InetSocketAddress inet) {
        return inet.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private VireoException connectFailure(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("permission denied")) {
            return new VireoException(ErrorCode.UNAVAILABLE, "permission denied on the vireo daemon socket "
                    + display + ": run as root or as a user allowed to open it", e);
        }
        return new VireoException(ErrorCode.UNAVAILABLE, "cannot reach the vireo daemon at " + display
                + ": is it running? Start it with: vireo daemon", e);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the connect error is the one worth reporting.
            }
        }
    }
}
