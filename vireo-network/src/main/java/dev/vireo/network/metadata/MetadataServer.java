package dev.vireo.network.metadata;

import com.sun.net.httpserver.HttpServer;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.network.MetadataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata service guests reach at {@code 169.254.169.254:80}, EC2- and OpenStack-style (see
 * {@link MetadataDocuments} for the paths). Each request runs on its own virtual thread and is
 * answered with the data of the instance its source address belongs to
 * ({@link MetadataSource#forAddress}), so the caller's address must reach us unchanged (no
 * SNAT/proxy in between).
 *
 * <p>What the guest side needs for cloud-init to come here (from cloud-init's {@code ds-identify}
 * and {@code DataSourceOpenStack.py}): the DMI system product name must be exactly
 * {@code OpenStack Nova} or {@code OpenStack Compute} (QEMU {@code -smbios type=1,product=OpenStack
 * Nova}; a chassis asset tag with either name also works), and there must be no filesystem
 * labelled {@code config-2}, which makes ds-identify prefer ConfigDrive. The OpenStack datasource
 * first runs in init-local: it DHCPs on the first NIC, then polls {@code GET /openstack}
 * (22.4: only {@code http://169.254.169.254}; 23.1+ also {@code http://[fe80::a9fe:a9fe]} in
 * parallel), so that address must be reachable from that NIC's subnet via the DHCP router. On
 * reboot it re-uses its cache only when the instance-id ({@code uuid}) equals the DMI system
 * UUID, so QEMU should be given {@code -uuid <instanceId>}.
 */
public final class MetadataServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private MetadataServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds to {@code bind} and starts serving.
     *
     * @throws VireoException ({@link ErrorCode#UNAVAILABLE}) when the address cannot be bound
     */
    public static MetadataServer start(MetadataSource source, InetSocketAddress bind) {
        Objects.requireNonNull(source);
        Objects.requireNonNull(bind);
        HttpServer server;
        try {
            server = HttpServer.create(bind, 0);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE,
                    "cannot bind metadata service to " + describe(bind) + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new MetadataHandler(source));
        server.start();
        log.info("metadata service listening on {}", describe(server.getAddress()));
        return new MetadataServer(server, executor);
    }

    /** The port bound: useful when started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening, drops open exchanges and interrupts their threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }
}
