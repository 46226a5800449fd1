package dev.vireo.core.state;

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

    @Override
    void close();
}
