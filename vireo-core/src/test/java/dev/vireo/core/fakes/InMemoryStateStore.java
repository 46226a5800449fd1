package dev.vireo.core.fakes;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.Nic;
import dev.vireo.core.network.PortForward;
import dev.vireo.core.network.SecurityGroup;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.Volume;
import dev.vireo.core.volume.VolumeSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** StateStore in memory with the SPI's semantics: duplicate names are ALREADY_EXISTS, updating a missing row NOT_FOUND. */
public final class InMemoryStateStore implements StateStore {
    private final ConcurrentSkipListMap<String, Instance> instances = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Image> images = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Snapshot> snapshots = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    @Override
    public synchronized void insertInstance(Instance instance) {
        open();
        requireUnique(instance);
        if (instances.putIfAbsent(instance.name(), instance) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "instance " + instance.name() + " already exists");
        }
    }

    @Override
    public synchronized void updateInstance(Instance instance) {
        open();
        requireUnique(instance);
        if (instances.replace(instance.name(), instance) == null) {
            throw VireoException.notFound("instance " + instance.name());
        }
    }

    /** As the schema's UNIQUE columns: no two instances share a UUID or a MAC. */
    private void requireUnique(Instance instance) {
        instances.values().stream().filter(o -> !o.name().equals(instance.name()))
                .filter(o -> o.uuid().equals(instance.uuid())
                        || o.spec().macAddress().equals(instance.spec().macAddress()))
                .findFirst().ifPresent(o -> {
                    throw new VireoException(ErrorCode.ALREADY_EXISTS, "instance " + instance.name() + " already exists");
                });
    }

    @Override
    public Optional<Instance> findInstance(String name) {
        open();
        return Optional.ofNullable(instances.get(name));
    }

    @Override
    public List<Instance> listInstances() {
        open();
        return List.copyOf(instances.values());
    }

    @Override
    public synchronized boolean deleteInstance(String name) {
        open();
        snapshots.keySet().removeIf(k -> k.startsWith(name + "/"));
        return instances.remove(name) != null;
    }

    @Override
    public synchronized void insertSnapshot(Snapshot s) {
        open();
        if (snapshots.putIfAbsent(s.instance() + "/" + s.name(), s) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "snapshot " + s.name() + " of " + s.instance()
                    + " already exists");
        }
    }

    @Override
    public synchronized void recordSnapshot(Snapshot s, Instance updated) {
        Instance before = findInstance(updated.name()).orElseThrow(() -> VireoException.notFound("instance "
                + updated.name()));
        insertSnapshot(s);
        instances.put(updated.name(), before.withRootDisk(updated.rootDisk()));
    }

    @Override
    public Optional<Snapshot> findSnapshot(String instance, String name) {
        open();
        return Optional.ofNullable(snapshots.get(instance + "/" + name));
    }

    @Override
    public List<Snapshot> listSnapshots(String instance) {
        open();
        return snapshots.values().stream().filter(s -> s.instance().equals(instance))
                .sorted(java.util.Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::name)).toList();
    }

    @Override
    public boolean deleteSnapshot(String instance, String name) {
        open();
        return snapshots.remove(instance + "/" + name) != null;
    }

    @Override
    public void insertImage(Image image) {
        open();
        if (images.putIfAbsent(image.alias(), image) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "image " + image.alias() + " already exists");
        }
    }

    @Override
    public Optional<Image> findImage(String alias) {
        open();
        return Optional.ofNullable(images.get(alias));
    }

    @Override
    public List<Image> listImages() {
        open();
        return List.copyOf(images.values());
    }

    @Override
    public boolean deleteImage(String alias) {
        open();
        return images.remove(alias) != null;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("state store is closed");
        }
    }

    // ---- pools and volumes

    private final ConcurrentSkipListMap<String, Pool> pools = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Volume> volumes = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, VolumeSnapshot> volumeSnapshots = new ConcurrentSkipListMap<>();

    @Override
    public void insertPool(Pool pool) {
        open();
        if (pools.putIfAbsent(pool.name(), pool) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "pool " + pool.name() + " already exists");
        }
    }

    @Override
    public Optional<Pool> findPool(String name) {
        open();
        return Optional.ofNullable(pools.get(name));
    }

    @Override
    public List<Pool> listPools() {
        open();
        return List.copyOf(pools.values());
    }

    @Override
    public boolean deletePool(String name) {
        open();
        return pools.remove(name) != null;
    }

    @Override
    public synchronized void insertVolume(Volume volume) {
        open();
        requireFreeSlot(volume);
        if (volumes.putIfAbsent(volume.name(), volume) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "volume " + volume.name() + " already exists");
        }
    }

    @Override
    public synchronized void updateVolume(Volume volume) {
        open();
        requireFreeSlot(volume);
        if (volumes.replace(volume.name(), volume) == null) {
            throw VireoException.notFound("volume " + volume.name());
        }
    }

    private void requireFreeSlot(Volume v) {
        if (v.attached() && volumes.values().stream().anyMatch(o -> !o.name().equals(v.name())
                && v.instance().equals(o.instance()) && v.slot().equals(o.slot()))) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "slot " + v.slot() + " of " + v.instance()
                    + " already exists");
        }
    }

    @Override
    public Optional<Volume> findVolume(String name) {
        open();
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public List<Volume> listVolumes() {
        open();
        return List.copyOf(volumes.values());
    }

    @Override
    public synchronized boolean deleteVolume(String name) {
        open();
        volumeSnapshots.keySet().removeIf(k -> k.startsWith(name + "/"));
        return volumes.remove(name) != null;
    }

    @Override
    public void insertVolumeSnapshot(VolumeSnapshot s) {
        open();
        if (volumeSnapshots.putIfAbsent(s.volume() + "/" + s.name(), s) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "snapshot " + s.name() + " of volume " + s.volume()
                    + " already exists");
        }
    }

    @Override
    public List<VolumeSnapshot> listVolumeSnapshots(String volume) {
        open();
        return volumeSnapshots.values().stream().filter(s -> s.volume().equals(volume))
                .sorted(java.util.Comparator.comparing(VolumeSnapshot::createdAt).thenComparing(VolumeSnapshot::name))
                .toList();
    }

    @Override
    public boolean deleteVolumeSnapshot(String volume, String name) {
        open();
        return volumeSnapshots.remove(volume + "/" + name) != null;
    }

    // ---- networks, NICs, forwards, security groups

    private final ConcurrentSkipListMap<String, Network> networks = new ConcurrentSkipListMap<>();
    private final java.util.List<Nic> nics = new java.util.ArrayList<>();
    private final java.util.List<PortForward> forwards = new java.util.ArrayList<>();
    private final ConcurrentSkipListMap<String, SecurityGroup> groups = new ConcurrentSkipListMap<>();

    @Override
    public synchronized void insertNetwork(Network n) {
        open();
        if (networks.containsKey(n.name()) || networks.values().stream().anyMatch(o -> o.subnet().equals(n.subnet())
                || (n.vni() != null && n.vni().equals(o.vni())))) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "network " + n.name() + " already exists");
        }
        networks.put(n.name(), n);
    }

    @Override
    public Optional<Network> findNetwork(String name) {
        open();
        return Optional.ofNullable(networks.get(name));
    }

    @Override
    public List<Network> listNetworks() {
        open();
        return List.copyOf(networks.values());
    }

    @Override
    public boolean deleteNetwork(String name) {
        open();
        return networks.remove(name) != null;
    }

    @Override
    public synchronized void insertNics(List<Nic> added) {
        open();
        java.util.List<Nic> all = new java.util.ArrayList<>(nics);
        for (Nic n : added) {
            if (all.stream().anyMatch(o -> (o.instance().equals(n.instance()) && o.index() == n.index())
                    || o.mac().equals(n.mac()) || o.hostDevice().equals(n.hostDevice())
                    || (o.network().equals(n.network()) && o.ip().equals(n.ip())))) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "NIC " + n.name() + " of " + n.instance()
                        + " (" + n.mac() + ", " + n.ip() + ") already exists");
            }
            all.add(n);
        }
        nics.clear();
        nics.addAll(all);
    }

    @Override
    public synchronized void updateNic(Nic nic) {
        open();
        for (int i = 0; i < nics.size(); i++) {
            if (nics.get(i).instance().equals(nic.instance()) && nics.get(i).index() == nic.index()) {
                nics.set(i, nic);
                return;
            }
        }
        throw VireoException.notFound("NIC " + nic.name() + " of " + nic.instance());
    }

    @Override
    public synchronized List<Nic> listNics() {
        open();
        return nics.stream().sorted(java.util.Comparator.comparing(Nic::instance).thenComparingInt(Nic::index))
                .toList();
    }

    @Override
    public synchronized void deleteNics(String instance) {
        open();
        nics.removeIf(n -> n.instance().equals(instance));
        forwards.removeIf(f -> f.instance().equals(instance));
    }

    @Override
    public synchronized void insertForward(PortForward f) {
        open();
        if (forwards.stream().anyMatch(o -> o.key().equals(f.key()))) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "forward " + f.key() + " already exists");
        }
        forwards.add(f);
    }

    @Override
    public synchronized List<PortForward> listForwards() {
        open();
        return List.copyOf(forwards);
    }

    @Override
    public synchronized boolean deleteForward(String listenAddress, int listenPort, String proto) {
        open();
        return forwards.removeIf(f -> f.listenAddress().equals(listenAddress) && f.listenPort() == listenPort
                && f.proto().equals(proto));
    }

    @Override
    public void insertSecurityGroup(SecurityGroup g) {
        open();
        if (groups.putIfAbsent(g.name(), g) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "security group " + g.name() + " already exists");
        }
    }

    @Override
    public void updateSecurityGroup(SecurityGroup g) {
        open();
        if (groups.replace(g.name(), g) == null) {
            throw VireoException.notFound("security group " + g.name());
        }
    }

    @Override
    public Optional<SecurityGroup> findSecurityGroup(String name) {
        open();
        return Optional.ofNullable(groups.get(name));
    }

    @Override
    public List<SecurityGroup> listSecurityGroups() {
        open();
        return List.copyOf(groups.values());
    }

    @Override
    public boolean deleteSecurityGroup(String name) {
        open();
        return groups.remove(name) != null;
    }
}
