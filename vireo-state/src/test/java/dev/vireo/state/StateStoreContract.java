package dev.vireo.state;

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
import org.junit.jupiter.api.io.TempDir;

/** What every StateStore backend must do; subclasses open a fresh, empty store. */
abstract class StateStoreContract {
    @TempDir
    Path dir;

    /** A new empty store; {@code reopen} opens the same database again (false on the first call). */
    abstract JdbcStateStore open(boolean reopen);

    static Instance instance(String name, String mac) {
        InstanceSpec spec = new InstanceSpec(2, 1L << 30, 5L << 30, Accelerator.AUTO,
                List.of("ssh-ed25519 AAAA user@host", "ssh-rsa BBBB"), "#cloud-config\nruncmd: [true]\n", mac);
        return new Instance(name, UUID.randomUUID(), "vm", "debian/12", "abc", spec, InstanceStatus.STOPPED, null,
                null, null, null, Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void instancesRoundTripAndUpdate() {
        try (JdbcStateStore store = open(false)) {
            Instance a = instance("web1", "52:54:00:00:00:01");
            store.insertInstance(a);
            assertThat(store.findInstance("web1")).contains(a);
            Instance running = a.withRuntime(1234L, 40022, Accelerator.TCG).withStatus(InstanceStatus.RUNNING, null);
            store.updateInstance(running);
            assertThat(store.findInstance("web1")).contains(running);
            assertThat(store.listInstances()).containsExactly(running);
            assertThat(store.deleteInstance("web1")).isTrue();
            assertThat(store.findInstance("web1")).isEmpty();
        }
    }

    @Test
    void duplicateNameIsAlreadyExists() {
        try (JdbcStateStore store = open(false)) {
            store.insertInstance(instance("web1", "52:54:00:00:00:01"));
            assertThatThrownBy(() -> store.insertInstance(instance("web1", "52:54:00:00:00:02")))
                    .isInstanceOf(VireoException.class)
                    .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                    .hasMessage("instance web1 already exists");
        }
    }

    @Test
    void imagesRoundTripAndSurviveReopen() {
        Image image = new Image("debian/12", "f".repeat(64), "qcow2", dir.resolve("disk.qcow2"),
                dir.resolve("vmlinuz"), dir.resolve("initrd.img"), "root=/dev/vda", 100, 2L << 30, "recipe debian/12",
                "Cloud-init v\\. \\S+ finished at", true, Instant.parse("2026-11-21T10:00:00Z"));
        try (JdbcStateStore store = open(false)) {
            store.insertImage(image);
        }
        try (JdbcStateStore store = open(true)) {
            assertThat(store.findImage("debian/12")).contains(image);
            assertThat(store.listImages()).containsExactly(image);
            assertThat(store.deleteImage("debian/12")).isTrue();
            assertThat(store.listImages()).isEmpty();
        }
    }
}
