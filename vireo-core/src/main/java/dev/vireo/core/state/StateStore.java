package dev.vireo.core.state;

import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Instance;
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

    @Override
    void close();
}
