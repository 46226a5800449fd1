package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceUpdateRequest;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vireo set: new hardware for stopped instances only, within the host's limits; memory snapshots then refuse. */
class InstanceUpdateTest {
    @TempDir
    Path dir;

    private FakeCore core;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
    }

    @Test
    void changesCpusAndMemoryOfAStoppedInstance() {
        core.running("web1");
        core.succeed(core.instances.act("web1", new InstanceAction.Stop(java.time.Duration.ZERO, true)));

        Instance updated = core.instances.update("web1", new InstanceUpdateRequest(1, "768MiB"));

        assertThat(updated.spec().cpus()).isEqualTo(1);
        assertThat(updated.spec().memoryBytes()).isEqualTo(768L << 20);
        assertThat(core.instances.get("web1").spec()).isEqualTo(updated.spec());
    }

    @Test
    void refusesARunningInstanceNothingToChangeAndTheHostsLimits() {
        core.running("web1");
        assertThatThrownBy(() -> core.instances.update("web1", new InstanceUpdateRequest(1, null)))
                .isInstanceOf(VireoException.class).hasMessageContaining("web1 is running")
                .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.INVALID_STATE));
        core.succeed(core.instances.act("web1", new InstanceAction.Stop(java.time.Duration.ZERO, true)));
        assertThatThrownBy(() -> core.instances.update("web1", new InstanceUpdateRequest(null, null)))
                .hasMessageContaining("nothing to change");
        assertThatThrownBy(() -> core.instances.update("web1", new InstanceUpdateRequest(64, null)))
                .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.INSUFFICIENT_RESOURCES));
        assertThatThrownBy(() -> core.instances.update("web1", new InstanceUpdateRequest(null, "1MiB")))
                .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aMemorySnapshotCannotBeRestoredOntoChangedHardware() {
        core.running("web1");
        core.succeed(core.instances.snapshots().create("web1", new SnapshotRequest("s1", true)));
        core.succeed(core.instances.act("web1", new InstanceAction.Stop(java.time.Duration.ZERO, true)));
        core.instances.update("web1", new InstanceUpdateRequest(null, "512MiB"));

        assertThatThrownBy(() -> core.instances.snapshots().restore("web1", "s1"))
                .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("memory=536870912");
    }
}
