package dev.vireo.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.volume.Pool;
import dev.vireo.storage.Lvm;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against {@link FakeLvm}, so it runs on hosts without device-mapper; plus the exact
 * command lines, which the real test cannot see.
 */
class LvmThinPoolDriverFakeTest extends LvmThinPoolDriverContract {
    @TempDir
    static Path dir;

    private FakeLvm fake;
    private Lvm lvm;

    @Override
    Lvm lvm() {
        if (lvm == null) {
            fake = new FakeLvm(vg(), dir);
            lvm = new Lvm(fake);
        }
        return lvm;
    }

    @Override
    String vg() {
        return "vg0";
    }

    @Test
    @Order(0)
    void commandLines() {
        assertThat(fake.commands).contains("lvcreate --yes --type thin-pool -l 90%FREE -n vireo_t1 vg0");
        fake.commands.clear();

        driver.createVolume(pool, "x", 5 * MIB);
        driver.createSnapshot(pool, "x", "s");
        driver.restoreSnapshot(pool, "x", "s");
        driver.cloneVolume(pool, "x", "s", "y");
        driver.resizeVolume(pool, "x", 16 * MIB);
        driver.deleteVolume(pool, "x");
        driver.deleteVolume(pool, "y");

        assertThat(fake.commands).filteredOn(c -> !c.startsWith("lvs ")).containsExactly(
                "lvcreate --yes -V 5242880b --thinpool vg0/vireo_t1 -n vv_t1_x",
                "lvcreate --yes -s vg0/vv_t1_x -n vs_t1_x_s",
                "lvcreate --yes -kn -ay -s vg0/vs_t1_x_s -n vr_t1_x",
                "lvremove --yes vg0/vv_t1_x",
                "lvrename vg0 vr_t1_x vv_t1_x",
                "lvcreate --yes -kn -ay -s vg0/vs_t1_x_s -n vv_t1_y",
                "lvextend --yes -L 16777216b vg0/vv_t1_x",
                "lvremove --yes vg0/vs_t1_x_s",
                "lvremove --yes vg0/vv_t1_x",
                "lvremove --yes vg0/vv_t1_y");
        assertThat(fake.commands).allMatch(c -> !c.startsWith("lvs ") || c.startsWith(
                "lvs --reportformat json --units b --nosuffix -o lv_name,vg_name,lv_path,lv_dm_path,lv_size,data_percent,"));
    }

    @Test
    void lvmErrorsCarryTheLastUsefulLine() {
        assertThatThrownBy(() -> lvm().extend(vg(), "missing", MIB))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageStartingWith("cannot extend vg0/missing: ");
        Lvm failing = new Lvm(argv -> new Lvm.Output(3, "", """
                  /dev/mapper/control: open failed: No such device
                  thin-pool: Required device-mapper target(s) not detected in your kernel.
                  Run `lvcreate --help' for more information.
                """));
        assertThatThrownBy(() -> failing.createThinPool("vg", "tp", "90%FREE"))
                .hasMessage("cannot create thin pool vg/tp: thin-pool: Required device-mapper target(s) not detected in your kernel.");
    }

    @Test
    void userThinPoolIsNeverRemoved() {
        Pool theirs = new Pool("t3", LvmThinPoolDriver.NAME, driver.create("t3", "vg0/data"), Instant.EPOCH);

        driver.delete(theirs);

        assertThat(lvm().lv("vg0", "data")).isPresent();
        lvm().remove("vg0", "data");
    }
}
