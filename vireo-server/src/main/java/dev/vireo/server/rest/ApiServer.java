package dev.vireo.server.rest;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/** The REST API on a root-only unix socket and, optionally, a loopback TCP port. Routes only parse. */
public final class ApiServer implements AutoCloseable {
    /** Resources that register their routes. */
    public record Resources(HostResource host, ImageResource images, InstanceResource instances,
            SnapshotResource snapshots, OperationResource operations, EventResource events,
            S3KeyResource s3Keys, VolumeResource volumes, BackupResource backups,
            NetworkResource networks) {}

    private final Javalin app;
    private final Path socket;

    private ApiServer(Javalin app, Path socket) {
        this.app = app;
        this.socket = socket;
    }

    /** Starts serving; {@code socket} may be null (tests use TCP only), {@code tcp} may be null. */
    public static ApiServer start(Resources resources, Path socket, InetSocketAddress tcp) {
        if (socket != null) {
            prepareSocket(socket);
        }
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            config.http.strictContentTypes = false;
            if (socket != null) {
                config.jetty.addConnector((server, http) -> {
                    UnixDomainServerConnector c = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
                    c.setUnixDomainPath(socket);
                    return c;
                });
            }
            if (tcp != null) {
                config.jetty.addConnector((server, http) -> {
                    ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                    c.setHost(tcp.getHostString());
                    c.setPort(tcp.getPort());
                    return c;
                });
            }
            ErrorMapper.install(config);
            resources.host().routes(config);
            resources.networks().routes(config);
            resources.volumes().routes(config);
            resources.backups().routes(config);
            resources.images().routes(config);
            resources.instances().routes(config);
            resources.snapshots().routes(config);
            resources.operations().routes(config);
            resources.events().routes(config);
            if (resources.s3Keys() != null) {
                resources.s3Keys().routes(config);
            }
        });
        app.start();
        if (socket != null) {
            restrict(socket);
        }
        return new ApiServer(app, socket);
    }

    /** The bound TCP port (tests listen on port 0). */
    public int tcpPort() {
        return java.util.Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(ServerConnector.class::isInstance).map(ServerConnector.class::cast)
                .mapToInt(ServerConnector::getLocalPort).findFirst().orElse(-1);
    }

    @Override
    public void close() {
        app.stop();
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // the next start removes a stale socket anyway
            }
        }
    }

    /** Refuses to start beside a live daemon; removes a stale socket file left by a crash. */
    private static void prepareSocket(Path socket) {
        try {
            Files.createDirectories(socket.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-x---")));
            if (Files.exists(socket)) {
                if (answers(socket)) {
                    throw new VireoException(ErrorCode.ALREADY_EXISTS,
                            "another vireo daemon is already listening on " + socket);
                }
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot prepare socket " + socket + ": " + e.getMessage());
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private static void restrict(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot restrict " + socket + ": " + e.getMessage());
        }
    }
}
