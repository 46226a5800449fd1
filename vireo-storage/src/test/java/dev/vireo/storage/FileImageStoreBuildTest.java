package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImageStoreBuildTest {
    @TempDir
    Path tmp;

    private Path images;
    private FakeRecipe recipe;
    private FileImageStore store;

    /** A kernel-boot recipe writing a small qcow2 and files whose content changes with {@code content}. */
    static final class FakeRecipe implements Recipe {
        final AtomicInteger builds = new AtomicInteger();
        volatile String content = "v1";
        volatile String definition = "fake-1";
        volatile boolean fail;

        @Override
        public String name() {
            return "fake/1";
        }

        @Override
        public String definition() {
            return definition;
        }

        @Override
        public String cmdline() {
            return "console=ttyS0";
        }

        @Override
        public String readyMarker() {
            return "READY";
        }

        @Override
        public boolean cloudInit() {
            return false;
        }

        @Override
        public void build(BuildContext ctx) throws IOException {
            builds.incrementAndGet();
            ctx.progress().update(0.5, "half");
            ctx.qemuImg().create(ctx.out().resolve(FileImageStore.DISK), "qcow2", 1 << 20);
            Files.writeString(ctx.out().resolve(FileImageStore.KERNEL), "kernel " + content);
            Files.writeString(ctx.work().resolve("scratch"), "x");
            if (fail) {
                throw new VireoException(ErrorCode.INTERNAL, "fake build failed");
            }
            Files.writeString(ctx.out().resolve(FileImageStore.INITRD), "initrd " + content);
        }
    }

    @BeforeEach
    void setUp() {
        images = tmp.resolve("images");
        recipe = new FakeRecipe();
        store = new FileImageStore(images, new QemuImg(), SourceFetcher.withDefaultClient(), List.of(recipe),
                Clock.systemUTC());
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> list = Files.list(images)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void buildsThenServesTheCacheUntilRebuildOrChange() throws Exception {
        Image first = store.build("fake/1", false, Progress.NONE);
        Image cached = store.build("fake/1", false, Progress.NONE);

        assertThat(recipe.builds).hasValue(1);
        assertThat(cached).isEqualTo(first);
        assertThat(first.alias()).isEqualTo("fake/1");
        assertThat(first.kernel()).isEqualTo(images.resolve(first.fingerprint()).resolve("vmlinuz"));
        assertThat(first.initrd()).hasContent("initrd v1");
        assertThat(first.cmdline()).isEqualTo("console=ttyS0");
        assertThat(first.readyMarker()).isEqualTo("READY");
        assertThat(first.source()).isEqualTo("recipe:fake/1");
        assertThat(first.virtualSizeBytes()).isEqualTo(1 << 20);
        assertThat(entries()).containsExactly(first.fingerprint());

        recipe.content = "v2";
        Image rebuilt = store.build("fake/1", true, Progress.NONE);
        assertThat(recipe.builds).hasValue(2);
        assertThat(rebuilt.fingerprint()).isNotEqualTo(first.fingerprint()); // same disk, other initrd
        assertThat(store.build("fake/1", false, Progress.NONE).fingerprint()).isEqualTo(rebuilt.fingerprint());

        recipe.definition = "fake-2";
        store.build("fake/1", false, Progress.NONE);
        assertThat(recipe.builds).hasValue(3);
    }

    @Test
    void identicalOutputOfAChangedDefinitionIsCachedUnderTheNewOne() {
        Image first = store.build("fake/1", false, Progress.NONE);
        recipe.definition = "fake-1-bumped";

        Image second = store.build("fake/1", false, Progress.NONE);
        Image third = store.build("fake/1", false, Progress.NONE);

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(third.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(recipe.builds).hasValue(2);
    }

    @Test
    void aFailedBuildLeavesNothing() throws Exception {
        recipe.fail = true;

        assertThatThrownBy(() -> store.build("fake/1", false, Progress.NONE)).hasMessage("fake build failed");
        assertThat(entries()).isEmpty();
    }

    @Test
    void cacheIgnoresIncompleteDirs() throws Exception {
        Image first = store.build("fake/1", false, Progress.NONE);
        Files.delete(first.initrd());

        Image again = store.build("fake/1", false, Progress.NONE);

        assertThat(recipe.builds).hasValue(2);
        assertThat(again.initrd()).exists();
    }

    @Test
    void deleteRemovesTheImageDir() throws Exception {
        Image image = store.build("fake/1", false, Progress.NONE);

        store.delete(image);

        assertThat(entries()).isEmpty();
    }

    @Test
    void deleteRefusesAFingerprintThatIsNotOne() {
        Image image = store.build("fake/1", false, Progress.NONE);
        Image evil = new Image("x", "../../etc", "qcow2", image.disk(), null, null, null, 0, 0, null, null, false,
                image.createdAt());

        assertThatThrownBy(() -> store.delete(evil)).hasMessage("invalid image fingerprint '../../etc'");
        assertThat(image.disk()).exists();
    }

    @Test
    void realStoreKnowsItsRecipesAndNamesThemInErrors() {
        FileImageStore real = new FileImageStore(tmp.resolve("real"));

        assertThat(real.recipes()).containsExactly("debian/12", "tiny");
        assertThatThrownBy(() -> real.build("x", false, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("unknown image recipe 'x' (known: debian/12, tiny)");
    }
}
