package dev.vireo.core.network;

import dev.vireo.api.VireoException;
import java.util.Locale;

/** How a network's bridge reaches beyond this host. */
public enum NetworkType {
    /** A Linux bridge on this host only. */
    BRIDGE("bridge"),
    /** A bridge joined to the same bridge on peer hosts through a kernel VXLAN link. */
    VXLAN("vxlan");

    private final String id;

    NetworkType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static NetworkType parse(String text) {
        if (text == null) {
            return BRIDGE;
        }
        for (NetworkType t : values()) {
            if (t.id.equals(text.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw VireoException.invalid("unknown network type '" + text + "': use bridge or vxlan");
    }
}
