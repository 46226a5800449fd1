package dev.vireo.server;

import dev.vireo.api.VireoException;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.network.MetadataSource;
import dev.vireo.network.metadata.MetadataServer;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata service at 169.254.169.254:80. That address lives on the bridges of managed
 * networks, so the service starts once the first network is there: at daemon start, or when a
 * network is created later.
 */
final class MetadataEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataEndpoint.class);
    static final InetSocketAddress ADDRESS = new InetSocketAddress("169.254.169.254", 80);

    private final MetadataSource source;
    private final AutoCloseable subscription;
    private MetadataServer server;

    MetadataEndpoint(MetadataSource source, EventBus events, boolean networksExist) {
        this.source = source;
        if (networksExist) {
            tryStart();
        }
        this.subscription = events.subscribe(e -> {
            if (e.type().equals("network-created")) {
                tryStart();
            }
        });
    }

    private synchronized void tryStart() {
        if (server != null) {
            return;
        }
        try {
            server = MetadataServer.start(source, ADDRESS);
            LOG.info("metadata service on {}:{}", ADDRESS.getHostString(), ADDRESS.getPort());
        } catch (VireoException e) {
            LOG.warn("metadata service not started: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribe: {}", e.toString());
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
