package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vireo.it.support.Vireo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Volumes in a real debian/12 guest: one given at launch is formatted and mounted by cloud-init
 * at the path asked for; another hot-plugs in and out while the guest runs (lsblk before and
 * after), keeping what was written on it.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class DebianVolumeIT {
    private static final String DISKS = "lsblk -dn -o NAME,SERIAL | sort";

    private final Vireo vireo = Vireo.get();

    @Test
    void cloudInitMountsALaunchVolumeAndOthersHotPlug() {
        vireo.cliOk("volume", "create", "dbdata", "--size", "256MiB");
        vireo.cliOk("volume", "create", "scratch", "--size", "128MiB");
        vireo.cliOk("launch", "debian/12", "voltest", "--memory", "768MiB", "--volume", "dbdata:/data");

        // cloud-init formatted the blank volume (ext4, labelled) and mounted it where asked
        assertThat(exec("findmnt -n -o FSTYPE /data")).isEqualTo("ext4");
        assertThat(exec("sudo blkid -s LABEL -o value /dev/disk/by-id/virtio-dbdata")).isEqualTo("dbdata");
        assertThat(exec("grep -c /data /etc/fstab")).isEqualTo("1");
        exec("echo kept | sudo tee /data/proof >/dev/null && sync");

        String before = exec(DISKS);
        assertThat(before).doesNotContain("scratch");
        vireo.cliOk("volume", "attach", "voltest", "scratch");
        await("lsblk shows the hot-plugged disk").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> exec(DISKS).contains("scratch"));
        exec("echo SCRATCH-DATA | sudo dd of=/dev/disk/by-id/virtio-scratch bs=512 count=1 conv=sync status=none"
                + " && sync");

        vireo.cliOk("volume", "detach", "voltest", "scratch");
        assertThat(exec(DISKS)).as("gone once detach returns").doesNotContain("scratch").isEqualTo(before);
        vireo.cliOk("volume", "attach", "voltest", "scratch");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> exec(DISKS).contains("scratch"));
        assertThat(exec("sudo head -c 12 /dev/disk/by-id/virtio-scratch")).isEqualTo("SCRATCH-DATA");

        // the mount comes back after a restart, formatted once: the data is still there
        vireo.cliOk("restart", "voltest");
        String[] proof = new String[1];
        await("the guest is back with /data mounted").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    var p = vireo.cli("exec", "voltest", "--", "sh", "-c", "cat /data/proof");
                    proof[0] = p.out().strip();
                    return p.exit() == 0;
                });
        assertThat(proof[0]).isEqualTo("kept");

        vireo.cliOk("delete", "voltest", "--force");
        vireo.cliOk("volume", "delete", "dbdata");
        vireo.cliOk("volume", "delete", "scratch");
    }

    private String exec(String command) {
        return vireo.cliOk("exec", "voltest", "--", "sh", "-c", command).out().strip();
    }
}
