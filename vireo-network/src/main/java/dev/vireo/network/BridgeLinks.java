package dev.vireo.network;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.network.NetworkType;
import dev.vireo.core.util.Reverter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links of one network: the bridge with the gateway and metadata addresses, the VXLAN link and
 * its flood peers, and the ports. Compares what {@code ip} shows with what the state asks for and
 * runs only the difference, as one {@code ip -batch}. Links it did not make are left alone: only
 * links named {@code vn*} on the bridge are removed when no port wants them.
 */
final class BridgeLinks {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeLinks.class);
    static final String PORT_PREFIX = "vn";
    static final int VXLAN_PORT = 4789;

    private final IpLinks ip;

    BridgeLinks(IpLinks ip) {
        this.ip = ip;
    }

    /** The VXLAN link's name for {@code vni}: "vx" and the VNI (at most 10 characters). */
    static String vxlanName(int vni) {
        return "vx" + vni;
    }

    /** The anycast gateway MAC of a VXLAN network: locally administered, the same on every host. */
    static String vxlanBridgeMac(int vni) {
        return String.format("02:76:78:%02x:%02x:%02x", (vni >> 16) & 255, (vni >> 8) & 255, vni & 255);
    }

    /**
     * Makes the links match {@code state}; registers with {@code revert} the undo of every link it
     * creates, before creating it.
     */
    void apply(NetworkState state, NetworkDir dir, Reverter revert) {
        Network n = state.network();
        Map<String, IpLinks.Link> links = ip.links();
        List<String> batch = new ArrayList<>();
        IpLinks.Link bridge = links.get(n.bridge());
        bridge(n, bridge, batch, revert);
        addresses(n, bridge == null, batch);
        if (n.type() == NetworkType.VXLAN) {
            vxlan(n, links.get(vxlanName(n.vni())), batch, revert);
        }
        ports(state, links, batch, revert);
        if (!batch.isEmpty()) {
            LOG.debug("network {}: ip -batch\n{}", n.name(), String.join("\n", batch));
        }
        ip.batch("network " + n.name() + ": set up links", batch, dir.ipBatch());
        if (n.type() == NetworkType.VXLAN) {
            peers(n);
        }
    }

    /** Deletes the network's ports named vn*, its VXLAN link and its bridge, whichever exist. */
    void remove(Network n, NetworkDir dir) {
        Map<String, IpLinks.Link> links = ip.links();
        List<String> batch = new ArrayList<>();
        for (IpLinks.Link l : links.values()) {
            if (n.bridge().equals(l.master()) && l.name().startsWith(PORT_PREFIX)) {
                batch.add("link del dev " + l.name());
            }
        }
        if (n.vni() != null && links.containsKey(vxlanName(n.vni()))) {
            batch.add("link del dev " + vxlanName(n.vni()));
        }
        if (links.containsKey(n.bridge())) {
            batch.add("link del dev " + n.bridge());
        }
        ip.batch("network " + n.name() + ": delete links", batch, dir.ipBatch());
    }

    private void bridge(Network n, IpLinks.Link bridge, List<String> batch, Reverter revert) {
        String br = n.bridge();
        String mac = n.type() == NetworkType.VXLAN ? vxlanBridgeMac(n.vni()) : randomMac();
        if (bridge == null) {
            revert.add(() -> ip.deleteIfExists(br));
            // an explicit address: else the bridge takes its lowest port's MAC, which changes as ports come and go
            batch.add("link add name " + br + " address " + mac + " mtu " + n.mtu() + " type bridge");
            batch.add("link set dev " + br + " up");
            return;
        }
        if (!"bridge".equals(bridge.kind())) {
            throw new VireoException(ErrorCode.INVALID_STATE, "network " + n.name() + ": a link named " + br
                    + " exists and is not a bridge");
        }
        if (n.type() == NetworkType.VXLAN && !mac.equalsIgnoreCase(bridge.mac())) {
            batch.add("link set dev " + br + " address " + mac);
        }
        if (bridge.mtu() != n.mtu()) {
            batch.add("link set dev " + br + " mtu " + n.mtu());
        }
        if (!bridge.up()) {
            batch.add("link set dev " + br + " up");
        }
    }

    private void addresses(Network n, boolean newBridge, List<String> batch) {
        String br = n.bridge();
        Set<IpLinks.Address> want = Set.of(
                new IpLinks.Address(n.gateway(), n.subnet().prefix(), br),
                new IpLinks.Address(MetadataAddress.ADDRESS, MetadataAddress.PREFIX, MetadataAddress.label(br)));
        Set<IpLinks.Address> have = newBridge ? Set.of() : new HashSet<>(ip.addresses(br));
        for (IpLinks.Address a : have) {
            if (!want.contains(a)) {
                batch.add("addr del " + a.local() + "/" + a.prefix() + " dev " + br);
            }
        }
        for (IpLinks.Address a : want) {
            if (!have.contains(a)) {
                batch.add("addr add " + a.local() + "/" + a.prefix() + " dev " + br + " label " + a.label());
            }
        }
    }

    private void vxlan(Network n, IpLinks.Link link, List<String> batch, Reverter revert) {
        String vx = vxlanName(n.vni());
        boolean create = link == null;
        if (link != null && !matches(n, link)) {
            LOG.info("network {}: recreating {} (its VNI, port or local address changed)", n.name(), vx);
            batch.add("link del dev " + vx);
            create = true;
        }
        if (create) {
            revert.add(() -> ip.deleteIfExists(vx));
            batch.add("link add name " + vx + " type vxlan id " + n.vni() + " dstport " + VXLAN_PORT
                    + (n.local() == null ? "" : " local " + n.local()) + " nolearning");
        }
        if (create || !n.bridge().equals(link.master()) || link.mtu() != n.mtu() || !link.up()) {
            batch.add("link set dev " + vx + " mtu " + n.mtu() + " master " + n.bridge() + " up");
        }
    }

    private static boolean matches(Network n, IpLinks.Link link) {
        return "vxlan".equals(link.kind()) && String.valueOf(n.vni()).equals(link.infoData("id"))
                && String.valueOf(VXLAN_PORT).equals(link.infoData("port"))
                && java.util.Objects.equals(n.local(), link.infoData("local"));
    }

    private void peers(Network n) {
        String vx = vxlanName(n.vni());
        Set<String> have = ip.floodPeers(vx);
        for (String peer : n.peers()) {
            if (!have.contains(peer)) {
                ip.addFloodPeer(vx, peer);
            }
        }
        for (String peer : have) {
            if (!n.peers().contains(peer)) {
                ip.removeFloodPeer(vx, peer);
            }
        }
    }

    private void ports(NetworkState state, Map<String, IpLinks.Link> links, List<String> batch, Reverter revert) {
        Network n = state.network();
        Set<String> wanted = new HashSet<>();
        for (NetworkState.Port p : state.ports()) {
            String dev = p.hostDevice();
            wanted.add(dev);
            IpLinks.Link l = links.get(dev);
            if (l == null) {
                revert.add(() -> ip.deleteIfExists(dev));
                batch.add("tuntap add dev " + dev + " mode tap");
            }
            if (l == null || !n.bridge().equals(l.master()) || l.mtu() != n.mtu() || !l.up()) {
                batch.add("link set dev " + dev + " mtu " + n.mtu() + " master " + n.bridge() + " up");
            }
        }
        for (IpLinks.Link l : links.values()) {
            if (n.bridge().equals(l.master()) && l.name().startsWith(PORT_PREFIX) && !wanted.contains(l.name())) {
                batch.add("link del dev " + l.name());
            }
        }
    }

    private static String randomMac() {
        int r = ThreadLocalRandom.current().nextInt(1 << 24);
        return String.format("02:76:62:%02x:%02x:%02x", (r >> 16) & 255, (r >> 8) & 255, r & 255);
    }
}
