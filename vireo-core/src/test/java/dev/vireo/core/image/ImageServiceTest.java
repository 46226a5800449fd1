package dev.vireo.core.image;

import static dev.vireo.core.fakes.FakeCore.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.core.fakes.Gate;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {
    @TempDir
    Path dir;

    private FakeCore core;
    private ImageService images;
    private final List<EventView> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        core = new FakeCore(dir);
        images = core.images;
        core.events.subscribe(events::add);
    }

    private Image built(String recipe) {
        core.succeed(images.build(recipe, false));
        return images.get(recipe);
    }

    private static void assertCode(Throwable t, ErrorCode code) {
        assertThat(t).isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void deleteIsRefusedWhileOneInstanceUsesTheImage() {
        core.running("web1");

        assertThatThrownBy(() -> images.delete("debian/12"))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("image debian/12 is used by instance web1");
        assertThat(core.imageStore.hasFiles(images.get("debian/12"))).isTrue();
    }

    @Test
    void deleteIsRefusedWhileInstancesUseTheImageAndNamesThemAll() {
        core.running("web1");
        core.running("db1");

        assertThatThrownBy(() -> images.delete("debian/12"))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE))
                .hasMessage("image debian/12 is used by instances db1, web1");
    }

    @Test
    void aStoppedInstanceStillCountsAsAUser() {
        core.succeed(core.instances.launch(new dev.vireo.api.LaunchRequest("web1", "debian/12", null, null, null,
                null, null, null, false, null)));

        assertThat(images.usedBy(images.get("debian/12"))).containsExactly("web1");
        assertThatThrownBy(() -> images.delete("debian/12")).satisfies(t -> assertCode(t, ErrorCode.INVALID_STATE));
    }

    @Test
    void anUnusedImageIsDeletedWithItsFiles() {
        core.running("web1");
        core.succeed(core.instances.delete("web1", true));
        Image debian = images.get("debian/12");

        images.delete("debian/12");

        assertThat(images.list()).isEmpty();
        assertThat(core.imageStore.hasFiles(debian)).isFalse();
        assertThat(events).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("image-deleted");
            assertThat(e.resource()).isEqualTo("debian/12");
        });
    }

    @Test
    void deletingAnUnknownImageIsNotFound() {
        assertThatThrownBy(() -> images.delete("nope"))
                .satisfies(t -> assertCode(t, ErrorCode.NOT_FOUND))
                .hasMessage("image nope not found");
    }

    @Test
    void buildRecordsTheImageAndASecondBuildReusesIt() {
        Image first = built("tiny");
        Image second = built("tiny");

        assertThat(second).isEqualTo(first);
        assertThat(core.imageStore.builds()).containsExactly("tiny");
        assertThat(first.boot()).isEqualTo("kernel");
        assertThat(events).extracting(EventView::type).containsExactly("image-created");
    }

    @Test
    void rebuildReplacesAnUnusedImage() {
        Image first = built("tiny");

        core.succeed(images.build("tiny", true));

        Image second = images.get("tiny");
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(core.imageStore.hasFiles(first)).isFalse();
        assertThat(core.imageStore.hasFiles(second)).isTrue();
    }

    @Test
    void rebuildOfAnImageInUseFailsAndKeepsIt() {
        core.running("web1");
        Image before = images.get("debian/12");

        OperationView op = core.finish(images.build("debian/12", true));

        assertThat(op.error().code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(op.error().message()).isEqualTo("image debian/12 is used by instance web1");
        assertThat(images.get("debian/12")).isEqualTo(before);
    }

    @Test
    void anUnknownRecipeIsRefusedSynchronouslyListingTheKnownOnes() {
        assertThatThrownBy(() -> images.build("arch/rolling", false))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("unknown image recipe 'arch/rolling' (known: debian/12, tiny)");
        assertThat(core.operations.list()).isEmpty();
    }

    @Test
    void aFailedBuildRecordsNothing() {
        core.imageStore.failWith(new VireoException(ErrorCode.UNAVAILABLE, "mmdebstrap: cannot reach deb.debian.org"));

        OperationView op = core.finish(images.build("debian/12", false));

        assertThat(op.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(images.list()).isEmpty();
        assertThat(images.available("debian/12")).isTrue();
    }

    @Test
    void concurrentFirstUsesOfARecipeBuildItOnce() throws Exception {
        Gate build = core.imageStore.holdBuild();
        CompletableFuture<Image> first = CompletableFuture.supplyAsync(
                () -> images.resolve("debian/12", false, Progress.NONE));
        assertThat(build.awaitEntered()).isTrue();
        CompletableFuture<Image> second = CompletableFuture.supplyAsync(
                () -> images.resolve("debian/12", false, Progress.NONE));

        build.open();

        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.get(10, TimeUnit.SECONDS));
        assertThat(core.imageStore.builds()).containsExactly("debian/12");
    }

    @Test
    void twoLaunchesOfAnUnbuiltImageBuildItOnce() {
        OperationView a = core.instances.launch(request("web1", "debian/12"));
        OperationView b = core.instances.launch(request("web2", "debian/12"));

        core.succeed(a);
        core.succeed(b);

        assertThat(core.imageStore.builds()).containsExactly("debian/12");
        assertThat(images.usedBy(images.get("debian/12"))).containsExactly("web1", "web2");
    }

    @Test
    void importCopiesTheDiskAndRecordsIt() throws IOException {
        Path source = Files.writeString(dir.resolve("disk.qcow2"), "QFI\u00fb fake disk");

        core.succeed(images.importDisk(source.toString(), "custom/one", null));

        Image image = images.get("custom/one");
        assertThat(image.disk()).isRegularFile().hasSameBinaryContentAs(source);
        assertThat(image.source()).isEqualTo(source.toString());
        assertThat(images.usedBy(image)).isEmpty();
    }

    @Test
    void importUnderAnExistingAliasIsRefusedSynchronously() throws IOException {
        built("tiny");
        Path source = Files.writeString(dir.resolve("disk.qcow2"), "disk");

        assertThatThrownBy(() -> images.importDisk(source.toString(), "tiny", null))
                .satisfies(t -> assertCode(t, ErrorCode.ALREADY_EXISTS))
                .hasMessage("image tiny already exists");
    }

    @Test
    void importValidatesAliasSourceAndChecksumBeforeAnyWork() {
        assertThatThrownBy(() -> images.importDisk("/tmp/x", "Bad Alias", null))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> images.importDisk(" ", "ok", null))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("image source is empty");
        assertThatThrownBy(() -> images.importDisk("/tmp/x", "ok", "abc123"))
                .satisfies(t -> assertCode(t, ErrorCode.INVALID_ARGUMENT))
                .hasMessage("invalid sha256 'abc123': expected 64 hex digits");
        assertThat(core.operations.list()).isEmpty();
    }

    @Test
    void aChecksumMismatchFailsTheImportAndRecordsNothing() throws IOException {
        Path source = Files.writeString(dir.resolve("disk.qcow2"), "disk");

        OperationView op = core.finish(images.importDisk(source.toString(), "custom", "0".repeat(64)));

        assertThat(op.error().code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertThat(images.list()).isEmpty();
    }

    @Test
    void availableMeansStoredOrBuildable() throws IOException {
        Path source = Files.writeString(dir.resolve("disk.qcow2"), "disk");
        core.succeed(images.importDisk(source.toString(), "custom", null));

        assertThat(images.available("custom")).isTrue();
        assertThat(images.available("tiny")).isTrue();
        assertThat(images.available("nope")).isFalse();
    }
}
