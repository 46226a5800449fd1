package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeTest {
    private static final DebianMirror LOCAL = new DebianMirror("http://mirror.local/debian/", "http://mirror.local/security");

    @Test
    void hashesAreStableAndIgnoreTheMirror() {
        String debian = new DebianRecipe(DebianMirror.DEFAULT).hash();
        String tiny = new TinyRecipe(DebianMirror.DEFAULT).hash();

        assertThat(debian).matches("[0-9a-f]{64}");
        assertThat(new DebianRecipe(DebianMirror.DEFAULT).hash()).isEqualTo(debian);
        assertThat(new DebianRecipe(LOCAL).hash()).isEqualTo(debian);
        assertThat(new TinyRecipe(LOCAL).hash()).isEqualTo(tiny);
        assertThat(tiny).isNotEqualTo(debian);
    }

    @Test
    void definitionsCoverPackagesScriptsAndBootSettings() {
        String debian = new DebianRecipe(DebianMirror.DEFAULT).definition();
        String tiny = new TinyRecipe(DebianMirror.DEFAULT).definition();

        assertThat(debian).contains("cloud-init,openssh-server", "linux-image-cloud-amd64", "net.ifnames=0",
                ": > \"$R/etc/machine-id\"", "datasource_list: [ NoCloud, OpenStack, None ]");
        assertThat(tiny).contains("busybox-static", "VIREO-TINY-READY", "console=ttyS0 quiet", "udhcpc", "acpid");
    }

    @Test
    void recipeSettingsMatchWhatWasVerifiedByBooting() {
        DebianRecipe debian = new DebianRecipe(DebianMirror.DEFAULT);
        TinyRecipe tiny = new TinyRecipe(DebianMirror.DEFAULT);

        assertThat(debian.cmdline()).isEqualTo("root=/dev/vda rw console=ttyS0 net.ifnames=0");
        assertThat(debian.readyMarker()).isEqualTo("Cloud-init v\\. \\S+ finished at");
        assertThat(debian.cloudInit()).isTrue();
        assertThat(tiny.cmdline()).startsWith("console=ttyS0 quiet");
        assertThat(tiny.readyMarker()).isEqualTo("VIREO-TINY-READY");
        assertThat(tiny.cloudInit()).isFalse();
    }

    @Test
    void mmdebstrapStagesBecomeProgress() {
        List<String> seen = new ArrayList<>();
        for (String line : List.of("I: automatically chosen mode: root", "I: downloading packages with apt...",
                "Get:1 http://deb.debian.org/debian bookworm/main amd64 libc6", "I: installing remaining packages inside the chroot...",
                "I: running --customize-hook directly: /x/customize.sh /x/rootfs")) {
            DebianRecipe.stage(line, (f, t) -> seen.add(f + " " + t));
        }

        assertThat(seen).containsExactly("0.03 mmdebstrap: downloading packages", "0.25 mmdebstrap: installing remaining packages",
                "0.86 mmdebstrap: running --customize-hook");
    }

    @Test
    void mirrorBecomesThreeSourcesLines() {
        assertThat(LOCAL.sources("bookworm")).containsExactly("deb http://mirror.local/debian bookworm main",
                "deb http://mirror.local/debian bookworm-updates main",
                "deb http://mirror.local/security bookworm-security main");
        assertThatThrownBy(() -> new DebianMirror("deb.debian.org", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
