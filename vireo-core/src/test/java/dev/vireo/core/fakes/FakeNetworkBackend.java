package dev.vireo.core.fakes;

import dev.vireo.core.network.Lease;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkBackend;
import dev.vireo.core.network.NetworkState;
import dev.vireo.core.network.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A network backend that remembers what the host would carry; it can be told to fail or be unavailable. */
public final class FakeNetworkBackend implements NetworkBackend {
    public final Map<String, NetworkState> carried = new ConcurrentHashMap<>();
    public final List<Subnet> hostSubnets = new ArrayList<>();
    public final List<String> hostLinks = new ArrayList<>();
    public volatile String unavailable;
    public volatile RuntimeException failApply;
    public volatile int applies;

    @Override
    public void apply(NetworkState desired) {
        applies++;
        if (failApply != null) {
            throw failApply;
        }
        carried.put(desired.network().name(), desired);
    }

    @Override
    public void remove(Network network) {
        carried.remove(network.name());
    }

    @Override
    public List<Lease> leases(Network network) {
        NetworkState s = carried.get(network.name());
        return s == null ? List.of() : s.ports().stream().map(p -> new Lease(p.mac(), p.ip(), p.hostname(), null))
                .toList();
    }

    @Override
    public List<Subnet> hostSubnets() {
        return List.copyOf(hostSubnets);
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    @Override
    public boolean linkExists(String name) {
        return hostLinks.contains(name);
    }
}
