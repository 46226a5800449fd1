package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.BackupView;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupServiceTest {
    @TempDir
    Path dir;

    private FakeCore core;
    private BackupService backups;

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        backups = core.instances.backups();
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String text) {
        assertThatThrownBy(call).isInstanceOf(VireoException.class)
                .satisfies(e -> assertThat(((VireoException) e).code()).isEqualTo(code)).hasMessageContaining(text);
    }

    @Test
    void aRunningGuestGetsAFullThenIncrementalChainWithDescriptions() throws Exception {
        core.running("web");
        refused(() -> backups.create("web", true), ErrorCode.INVALID_STATE, "take a full backup first");
        core.succeed(backups.create("web", false));
        Thread.sleep(5);
        core.succeed(backups.create("web", true));
        List<BackupView> chain = backups.list("web");
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).incremental()).isFalse();
        assertThat(chain.get(1).incremental()).isTrue();
        assertThat(chain.get(1).base()).isEqualTo(chain.get(0).file());
        assertThat(Path.of(chain.get(0).file())).startsWith(dir.resolve("backups/web"));
        assertThat(Path.of(chain.get(0).file().replace(".qcow2", ".json"))).exists();
        assertThat(core.driver.calls("backupRootDisk")).hasSize(2);
        refused(() -> backups.delete(chain.get(0).file()), ErrorCode.INVALID_STATE, "builds on");
        backups.delete(chain.get(1).file());
        backups.delete(chain.get(0).file());
        assertThat(backups.list(null)).isEmpty();
        assertThat(dir.resolve("backups/web")).as("the last backup takes the boot files along").doesNotExist();
    }

    @Test
    void lostChangeTrackingFailsTheIncrementalAndLeavesNoFile() throws Exception {
        core.running("web");
        core.succeed(backups.create("web", false));
        core.driver.loseTracking("web");
        OperationView op = core.finish(backups.create("web", true));
        assertThat(op.error().message()).contains("no change tracking");
        assertThat(backups.list("web")).hasSize(1);
        try (var files = Files.list(dir.resolve("backups/web"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".qcow2"))).hasSize(1);
        }
    }

    @Test
    void aStoppedGuestIsCopiedAndCannotBeBackedUpIncrementally() {
        core.running("web");
        core.succeed(core.instances.act("web", new InstanceAction.Stop(Duration.ofSeconds(1), false)));
        refused(() -> backups.create("web", true), ErrorCode.INVALID_STATE, "is stopped");
        core.succeed(backups.create("web", false));
        assertThat(core.driver.calls("backupRootDisk")).isEmpty();
        assertThat(backups.list("web")).singleElement().satisfies(b -> assertThat(b.incremental()).isFalse());
    }

    @Test
    void restoreKeepsTheIdentityUnlessTheOriginalStillExists() {
        Instance web = core.running("web");
        core.succeed(backups.create("web", false));
        String file = backups.list("web").getFirst().file();

        core.succeed(backups.restore(file, "copy"));
        Instance copy = core.instances.get("copy");
        assertThat(copy.uuid()).isNotEqualTo(web.uuid());
        assertThat(copy.spec().macAddress()).isNotEqualTo(web.spec().macAddress());
        assertThat(core.instances.paths("copy").identityPending()).exists();

        core.succeed(core.instances.delete("web", true));
        core.succeed(backups.restore(file, "web2"));
        Instance back = core.instances.get("web2");
        assertThat(back.uuid()).isEqualTo(web.uuid());
        assertThat(back.spec().macAddress()).isEqualTo(web.spec().macAddress());
        assertThat(back.spec().cpus()).isEqualTo(web.spec().cpus());
        assertThat(core.instances.paths("web2").identityPending()).doesNotExist();
    }

    @Test
    void badRestoresLeaveNothingBehind() throws Exception {
        core.running("web");
        core.succeed(backups.create("web", false));
        String file = backups.list("web").getFirst().file();
        refused(() -> backups.restore("relative.qcow2", "x"), ErrorCode.INVALID_ARGUMENT, "must be absolute");
        refused(() -> backups.restore(dir.resolve("nope.qcow2").toString(), "x"), ErrorCode.NOT_FOUND, "nope.qcow2");
        refused(() -> backups.restore(file, "Bad Name"), ErrorCode.INVALID_ARGUMENT, "invalid instance name");
        refused(() -> backups.restore(file, "web"), ErrorCode.ALREADY_EXISTS, "web");
        Path stray = Files.writeString(dir.resolve("stray.qcow2"), "not a backup");
        refused(() -> backups.restore(stray.toString(), "x"), ErrorCode.INVALID_ARGUMENT, "no backup description");
        Files.writeString(dir.resolve("stray.json"), "{\"version\": 1}");
        refused(() -> backups.restore(stray.toString(), "x"), ErrorCode.INVALID_ARGUMENT, "not a backup description");
        assertThat(core.instances.list()).extracting(Instance::name).containsExactly("web");
        assertThat(dir.resolve("instances")).isDirectoryNotContaining("glob:**/x");
    }
}
