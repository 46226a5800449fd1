package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.InstanceStatus;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clone hygiene in real debian/12 guests: linked and full clones of a running VM, an instance
 * launched from a published template, and an OVA round trip. Each new guest must have its own
 * machine-id, SSH host keys, hostname, UUID and MAC, and the data written before the copy.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class DebianCloneIT {
    /** What makes a guest itself: machine-id, dbus machine-id, host key fingerprints, hostname, SMBIOS UUID. */
    private static final String IDENTITY = "cat /etc/machine-id; cat /var/lib/dbus/machine-id 2>/dev/null || echo no-dbus;"
            + " for k in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -l -f $k | cut -d' ' -f2; done; hostname;"
            + " sudo cat /sys/class/dmi/id/product_uuid";

    private final Vireo vireo = Vireo.get();

    @TempDir
    Path tmp;

    @Test
    void clonesTemplatesAndAppliancesGetFreshIdentitiesAndKeepTheData() throws Exception {
        vireo.cliOk("launch", "debian/12", "src", "--memory", "768MiB", "--disk", "3GiB");
        vireo.cliOk("exec", "src", "--", "sh", "-c", "echo precious > /home/debian/data && sync");
        List<String> source = identity("src");
        assertThat(source.getFirst()).matches("[0-9a-f]{32}");
        assertThat(source).contains("src");

        // clones of a running source come from a consistent snapshot; it keeps running
        vireo.cliOk("clone", "src", "lnk", "--linked");
        vireo.cliOk("clone", "src", "full", "--full");
        assertThat(vireo.client().instance("src").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(vireo.cliOk("snapshot", "list", "src").out()).contains("for-lnk").contains("lnk");
        vireo.cliOk("stop", "src", "--timeout", "60");

        for (String clone : List.of("lnk", "full")) {
            vireo.cliOk("start", clone);
            List<String> id = awaitIdentity(clone);
            assertFresh(clone, id, source);
            assertThat(exec(clone, "cat /home/debian/data")).isEqualTo("precious");
            assertThat(vireo.client().instance(clone).uuid()).isNotEqualTo(vireo.client().instance("src").uuid());
            vireo.cliOk("stop", clone, "--force");
        }

        // a template: sysprepped copy; its instances get fresh identities too
        vireo.cliOk("publish", "src", "--alias", "tmpl/web");
        vireo.cliOk("launch", "tmpl/web", "fromtmpl", "--memory", "768MiB");
        assertFresh("fromtmpl", identity("fromtmpl"), source);
        assertThat(exec("fromtmpl", "cat /home/debian/data")).isEqualTo("precious");
        assertThat(exec("fromtmpl", "ls /var/lib/cloud/instances/ | wc -l")).as("cloud-init state from src cleaned")
                .isEqualTo("1");
        vireo.cliOk("delete", "fromtmpl", "--force");

        // OVA round trip: export, delete, import, boot: the data is there
        Path ova = tmp.resolve("full.ova");
        vireo.cliOk("export", "full", ova.toString());
        Proc tar = Proc.run(List.of("tar", "-tvf", ova.toString()));
        assertThat(tar.out().lines().findFirst().orElse("")).endsWith(".ovf");
        assertThat(tar.out()).contains(".vmdk").contains(".mf");
        vireo.cliOk("delete", "full");
        vireo.cliOk("import", ova.toString(), "back");
        assertThat(vireo.client().instance("back").status()).isEqualTo(InstanceStatus.STOPPED);
        vireo.cliOk("start", "back");
        assertThat(awaitExec("back", "cat /home/debian/data")).isEqualTo("precious");

        for (String name : List.of("back", "lnk")) {
            vireo.cliOk("delete", name, "--force");
        }
        assertThat(vireo.client().snapshots("src")).as("the linked clone's own snapshot went with it").isEmpty();
        vireo.cliOk("delete", "src");
        vireo.cliOk("image", "delete", "tmpl/web");
        assertThat(Files.exists(vireo.instanceDir("src"))).isFalse();
    }

    private void assertFresh(String name, List<String> id, List<String> source) {
        assertThat(id.getFirst()).as(name + " machine-id").matches("[0-9a-f]{32}").isNotEqualTo(source.getFirst());
        assertThat(id.get(1)).as(name + " dbus machine-id").satisfiesAnyOf(
                v -> assertThat(v).isEqualTo("no-dbus"), v -> assertThat(v).isNotEqualTo(source.get(1)));
        List<String> keys = id.stream().filter(l -> l.startsWith("SHA256:")).toList();
        assertThat(keys).as(name + " ssh host keys").isNotEmpty().doesNotContainAnyElementsOf(
                source.stream().filter(l -> l.startsWith("SHA256:")).toList());
        assertThat(id).as(name + " hostname").contains(name);
        assertThat(id.getLast().toLowerCase()).as(name + " SMBIOS UUID").isEqualTo(vireo.client().instance(name).uuid())
                .isNotEqualTo(source.getLast().toLowerCase());
    }

    private List<String> identity(String name) {
        return exec(name, IDENTITY).lines().map(String::strip).toList();
    }

    private List<String> awaitIdentity(String name) {
        return awaitExec(name, IDENTITY).lines().map(String::strip).toList();
    }

    private String exec(String name, String command) {
        return vireo.cliOk("exec", name, "--", "sh", "-c", command).out().strip();
    }

    /** After a plain start (no ready wait) cloud-init and sshd come up some seconds later. */
    private String awaitExec(String name, String command) {
        String[] out = new String[1];
        await(name + " answers exec").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            Proc p = vireo.cli("exec", name, "--", "sh", "-c", "cloud-init status --wait >/dev/null; " + command);
            out[0] = p.out().strip();
            return p.exit() == 0;
        });
        return out[0];
    }
}
