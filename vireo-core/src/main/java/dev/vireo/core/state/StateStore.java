package dev.vireo.core.state;

import dev.vireo.core.network.Network;
import dev.vireo.core.network.Nic;
import dev.vireo.core.network.PortForward;
import dev.vireo.core.network.SecurityGroup;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.Volume;
import dev.vireo.core.volume.VolumeSnapshot;
import java.util.List;
import java.util.Optional;

/** SPI: durable state. Inserting an existing name throws {@code VireoException(ALREADY_EXISTS)}. */
public interface StateStore extends AutoCloseable {
    void insertInstance(Instance instance);

    void updateInstance(Instance instance);

    Optional<Instance> findInstance(String name);

    List<Instance> listInstances();

    boolean deleteInstance(String name);

    void insertImage(Image image);

    Optional<Image> findImage(String alias);

    List<Image> listImages();

    boolean deleteImage(String alias);

    /** Inserting an existing (instance, name) throws {@code VireoException(ALREADY_EXISTS)}. */
    void insertSnapshot(Snapshot snapshot);

    Optional<Snapshot> findSnapshot(String instance, String name);

    /** Oldest first. */
    List<Snapshot> listSnapshots(String instance);

    boolean deleteSnapshot(String instance, String name);

    /**
     * Records a snapshot and the instance's new top layer in one transaction: either both are
     * stored or neither is.
     */
    void recordSnapshot(Snapshot snapshot, Instance updated);

    /** Inserting an existing name throws {@code VireoException(ALREADY_EXISTS)}. */
    void insertPool(Pool pool);

    Optional<Pool> findPool(String name);

    List<Pool> listPools();

    boolean deletePool(String name);

    /**
     * Inserting an existing name, or a second volume on an instance's slot, throws
     * {@code VireoException(ALREADY_EXISTS)}; so does an update that would take a used slot.
     */
    void insertVolume(Volume volume);

    void updateVolume(Volume volume);

    Optional<Volume> findVolume(String name);

    /** By name. */
    List<Volume> listVolumes();

    /** Deletes the volume and its snapshot rows. */
    boolean deleteVolume(String name);

    void insertVolumeSnapshot(VolumeSnapshot snapshot);

    /** Oldest first. */
    List<VolumeSnapshot> listVolumeSnapshots(String volume);

    boolean deleteVolumeSnapshot(String volume, String name);

    /** Inserting an existing name, subnet or VNI throws {@code VireoException(ALREADY_EXISTS)}. */
    void insertNetwork(Network network);

    Optional<Network> findNetwork(String name);

    /** By name. */
    List<Network> listNetworks();

    boolean deleteNetwork(String name);

    /**
     * Records an instance's NICs in one transaction. A taken (instance, index), MAC, host device or
     * (network, address) throws {@code VireoException(ALREADY_EXISTS)} and stores none of them.
     */
    void insertNics(List<Nic> nics);

    /** Changes a NIC's security groups. */
    void updateNic(Nic nic);

    /** All NICs, by instance and index. */
    List<Nic> listNics();

    /** Deletes an instance's NICs and the port forwards to it. */
    void deleteNics(String instance);

    /** A taken listen address, port and protocol throws {@code VireoException(ALREADY_EXISTS)}. */
    void insertForward(PortForward forward);

    List<PortForward> listForwards();

    boolean deleteForward(String listenAddress, int listenPort, String proto);

    /** Inserting an existing name throws {@code VireoException(ALREADY_EXISTS)}. */
    void insertSecurityGroup(SecurityGroup group);

    /** Replaces a group's rules. */
    void updateSecurityGroup(SecurityGroup group);

    Optional<SecurityGroup> findSecurityGroup(String name);

    /** By name. */
    List<SecurityGroup> listSecurityGroups();

    boolean deleteSecurityGroup(String name);

    @Override
    void close();
}
