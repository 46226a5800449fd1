package dev.vireo.core.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fake keeps the StateStore SPI's contract, so tests over it mean something for the JDBC store. */
class InMemoryStateStoreTest {
    private final InMemoryStateStore store = new InMemoryStateStore();

    private static Instance instance(String name) {
        return new Instance(name, UUID.randomUUID(), "vm", "tiny", "fp", new InstanceSpec(1, 1L << 30, 1L << 30,
                Accelerator.AUTO, List.of(), null, "52:54:00:00:00:" + String.format("%02x", name.hashCode() & 0xff)),
                InstanceStatus.STOPPED, null, null, null, null,
                Instant.EPOCH, null, "root.qcow2", null);
    }

    private static Image image(String alias) {
        return new Image(alias, "fp-" + alias, "qcow2", Path.of("/images/" + alias), null, null, null, 1, 1, "test",
                null, false, Instant.EPOCH);
    }

    @Test
    void aDuplicateInstanceNameIsAlreadyExists() {
        store.insertInstance(instance("web1"));

        assertThatThrownBy(() -> store.insertInstance(instance("web1")))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessage("instance web1 already exists");
    }

    @Test
    void aDuplicateImageAliasIsAlreadyExists() {
        store.insertImage(image("tiny"));

        assertThatThrownBy(() -> store.insertImage(image("tiny")))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void updatingAMissingInstanceIsNotFound() {
        assertThatThrownBy(() -> store.updateInstance(instance("ghost")))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void listsAreOrderedByName() {
        store.insertInstance(instance("web1"));
        store.insertInstance(instance("db1"));
        store.insertImage(image("tiny"));
        store.insertImage(image("debian/12"));

        assertThat(store.listInstances()).extracting(Instance::name).containsExactly("db1", "web1");
        assertThat(store.listImages()).extracting(Image::alias).containsExactly("debian/12", "tiny");
    }

    @Test
    void updateReplacesAndDeleteReportsWhetherARowWent() {
        Instance web1 = instance("web1");
        store.insertInstance(web1);

        store.updateInstance(web1.withStatus(InstanceStatus.RUNNING, null));

        assertThat(store.findInstance("web1")).get().extracting(Instance::status).isEqualTo(InstanceStatus.RUNNING);
        assertThat(store.deleteInstance("web1")).isTrue();
        assertThat(store.deleteInstance("web1")).isFalse();
        assertThat(store.findInstance("web1")).isEmpty();
    }
}
