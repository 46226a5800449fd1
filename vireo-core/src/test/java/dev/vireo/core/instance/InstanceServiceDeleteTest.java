package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceServiceDeleteTest {
    @TempDir
    Path dir;

    private FakeCore core;
    private final List<EventView> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        core.events.subscribe(events::add);
    }

    private Path instanceDir(String name) {
        return core.instancesDir.resolve(name);
    }

    @Test
    void forceDeleteOfARunningInstanceStopsItAndRemovesFilesAndRow() {
        core.running("web1");
        assertThat(instanceDir("web1")).isDirectory();

        core.succeed(core.instances.delete("web1", true));

        assertThat(core.driver.calls("stop")).singleElement().satisfies(c -> assertThat(c.force()).isTrue());
        assertThat(core.driver.guests()).isEmpty();
        assertThat(instanceDir("web1")).doesNotExist();
        assertThat(core.state.findInstance("web1")).isEmpty();
        assertThat(events).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("instance-deleted");
            assertThat(e.resource()).isEqualTo("web1");
        });
    }

    @Test
    void forceDeleteOfAPausedInstanceStopsItToo() {
        core.running("web1");
        core.succeed(core.instances.act("web1", new InstanceAction.Pause()));

        core.succeed(core.instances.delete("web1", true));

        assertThat(core.driver.guests()).isEmpty();
        assertThat(core.state.findInstance("web1")).isEmpty();
    }

    @Test
    void deletingARunningInstanceWithoutForceIsRefusedSynchronously() {
        core.running("web1");

        assertThatThrownBy(() -> core.instances.delete("web1", false))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is running; stop it first or use --force");
        assertThat(core.driver.status("web1")).isEqualTo(InstanceStatus.RUNNING);
        assertThat(instanceDir("web1")).isDirectory();
    }

    @Test
    void deletingAStoppedInstanceDoesNotStopItAgain() {
        core.running("web1");
        core.succeed(core.instances.act("web1", new InstanceAction.Stop(Duration.ofSeconds(30), false)));

        core.succeed(core.instances.delete("web1", false));

        assertThat(core.driver.calls("stop")).hasSize(1);
        assertThat(instanceDir("web1")).doesNotExist();
        assertThat(core.state.findInstance("web1")).isEmpty();
    }

    @Test
    void deletingAnUnknownInstanceIsNotFound() {
        assertThatThrownBy(() -> core.instances.delete("ghost", true))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void deletingOneInstanceLeavesTheOthers() {
        core.running("web1");
        core.running("db1");

        core.succeed(core.instances.delete("web1", true));

        assertThat(core.instances.list()).extracting(Instance::name).containsExactly("db1");
        assertThat(instanceDir("db1")).isDirectory();
        assertThat(core.driver.guests()).containsExactly("db1");
    }

    @Test
    void theNameCanBeUsedAgainAfterDelete() {
        core.running("web1");
        core.succeed(core.instances.delete("web1", true));

        assertThat(core.running("web1").status()).isEqualTo(InstanceStatus.RUNNING);
    }
}
