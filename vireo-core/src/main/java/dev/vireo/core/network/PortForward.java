package dev.vireo.core.network;

import java.util.Objects;

/** Traffic to {@code listenAddress:listenPort} on the host goes to an instance's port on {@code network}. */
public record PortForward(String network, String listenAddress, int listenPort, String proto, String instance,
        int targetPort) {
    public PortForward {
        Objects.requireNonNull(network);
        Objects.requireNonNull(listenAddress);
        Objects.requireNonNull(proto);
        Objects.requireNonNull(instance);
    }

    /** "127.0.0.1:8080/tcp": what identifies a forward on a host. */
    public String key() {
        return listenAddress + ":" + listenPort + "/" + proto;
    }
}
