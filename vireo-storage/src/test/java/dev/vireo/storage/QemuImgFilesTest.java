package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qemu-img calls the appliance and disk imports add: referenced files, data bytes, convert options. */
class QemuImgFilesTest {
    @TempDir
    Path dir;

    private final QemuImg qemuImg = new QemuImg();

    @Test
    void singleFileDisksReferToNothing() {
        Path qcow2 = dir.resolve("a.qcow2");
        qemuImg.create(qcow2, "qcow2", 1 << 20);
        Path sparse = dir.resolve("b.vmdk");
        qemuImg.convert(qcow2, "qcow2", sparse, "vmdk", List.of("subformat=monolithicSparse"), false, Progress.NONE);

        assertThat(qemuImg.referencedFiles(qcow2, "a")).isEmpty();
        assertThat(qemuImg.referencedFiles(sparse, "b")).isEmpty();
    }

    @Test
    void backingFilesAndVmdkExtentsAreReported() throws Exception {
        Path base = dir.resolve("base.qcow2");
        qemuImg.create(base, "qcow2", 1 << 20);
        Path overlay = dir.resolve("top.qcow2");
        qemuImg.createOverlay(base, "qcow2", overlay, 1 << 20);
        Path flat = dir.resolve("flat.vmdk");
        qemuImg.convert(base, "qcow2", flat, "vmdk", List.of("subformat=monolithicFlat"), false, Progress.NONE);
        Path delta = Files.writeString(dir.resolve("delta.vmdk"), """
                # Disk DescriptorFile
                version=1
                parentFileNameHint="../parent.vmdk"
                RW 2048 SPARSE "delta-s001.vmdk"
                """);

        assertThat(qemuImg.referencedFiles(overlay, "top")).containsExactly(base.toString());
        assertThat(qemuImg.referencedFiles(flat, "flat")).containsExactly("flat-flat.vmdk");
        assertThat(qemuImg.referencedFiles(delta, "delta")).containsExactly("../parent.vmdk", "delta-s001.vmdk");
    }

    @Test
    void probesTextLikeQemuDoes() {
        assertThat(QemuImg.probesAsVmdkDescriptor("# Disk DescriptorFile\nversion=1\n")).isTrue();
        assertThat(QemuImg.probesAsVmdkDescriptor("#c\n   \r\nversion=3\r\nCID=1")).isTrue();
        assertThat(QemuImg.probesAsVmdkDescriptor("\nversion=1\n")).isFalse();
        assertThat(QemuImg.probesAsVmdkDescriptor("version=4\n")).isFalse();
        assertThat(QemuImg.probesAsVmdkDescriptor("KDMV")).isFalse();
        assertThat(QemuImg.probesAsVmdkDescriptor("")).isFalse();
    }

    @Test
    void countsDataBytesAndConvertsWithTargetOptions() throws Exception {
        Path qcow2 = dir.resolve("a.qcow2");
        qemuImg.create(qcow2, "qcow2", 64 << 20);
        Process io = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 3M 128k", qcow2.toString()).start();
        assertThat(io.waitFor()).isZero();
        Path vmdk = dir.resolve("a.vmdk");
        List<Double> fractions = new ArrayList<>();

        qemuImg.convert(qcow2, "qcow2", vmdk, "vmdk", List.of("subformat=streamOptimized"), true, (f, t) -> fractions.add(f));

        assertThat(qemuImg.dataBytes(qcow2)).isEqualTo(128 << 10);
        assertThat(qemuImg.dataBytes(vmdk)).isEqualTo(128 << 10);
        assertThat(qemuImg.info(vmdk).virtualSize()).isEqualTo(64 << 20);
        assertThat(fractions).isNotEmpty().last().isEqualTo(1.0);
    }

    @Test
    void readsMapLines() {
        assertThat(QemuImg.dataLength("[{ \"start\": 0, \"length\": 1048576, \"depth\": 0, \"present\": false,"
                + " \"zero\": true, \"data\": false},")).isZero();
        assertThat(QemuImg.dataLength("{ \"start\": 1048576, \"length\": 65536, \"depth\": 1, \"present\": true,"
                + " \"zero\": false, \"data\": true, \"offset\": 327680}]")).isEqualTo(65536);
        assertThat(QemuImg.dataLength("qemu-img: warning: something")).isZero();
    }

    @Test
    void infoNamesTheFileAsTold() throws Exception {
        Path bad = Files.write(dir.resolve("bad.vmdk"), new byte[] {'K', 'D', 'M', 'V', 1, 0, 0, 0, 9, 9, 9, 9});

        assertThatThrownBy(() -> qemuImg.info(bad, "disk file 'bad.vmdk' in x.ova"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("cannot read disk file 'bad.vmdk' in x.ova: ");
    }
}
