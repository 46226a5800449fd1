package dev.vireo.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VagrantBoxTest {
    private static final String LIBVIRT = "{\"provider\":\"libvirt\",\"format\":\"qcow2\",\"virtual_size\":2}";

    @TempDir
    Path tmp;

    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        out = Files.createDirectory(tmp.resolve("out"));
    }

    @Test
    void extractsALibvirtBoxMadeByHostTar() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("metadata.json"), LIBVIRT);
        Files.writeString(src.resolve("Vagrantfile"), "Vagrant.configure(\"2\") do |config| end\n");
        Files.write(src.resolve("box.img"), new byte[] {'Q', 'F', 'I', (byte) 0xfb});
        Process tar = new ProcessBuilder("tar", "-czf", tmp.resolve("x.box").toString(), "-C", src.toString(),
                "./metadata.json", "./Vagrantfile", "./box.img").start();
        assertThat(tar.waitFor()).isZero();

        Path image = VagrantBox.extract(tmp.resolve("x.box"), "x.box", out, Progress.NONE);

        assertThat(image).isEqualTo(out.resolve("box.img"));
        assertThat(Files.readAllBytes(image)).isEqualTo(Files.readAllBytes(src.resolve("box.img")));
    }

    @Test
    void refusesOtherProviders() {
        Path box = new RawTar().file("metadata.json", "{\"provider\":\"virtualbox\"}").file("box.ovf", "<x/>")
                .writeGzip(tmp.resolve("vb.box"));

        assertThatThrownBy(() -> VagrantBox.extract(box, "vb.box", out, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("vagrant box for provider 'virtualbox'; only libvirt boxes are supported");
    }

    @Test
    void refusesBoxesWithoutMetadataOrDisk() {
        Path noMeta = new RawTar().file("box.img", "x").write(tmp.resolve("a.box"));
        Path noDisk = new RawTar().file("metadata.json", LIBVIRT).write(tmp.resolve("b.box"));
        Path raw = new RawTar().file("metadata.json", "{\"provider\":\"libvirt\",\"format\":\"raw\"}")
                .file("box.img", "x").write(tmp.resolve("c.box"));
        Path badJson = new RawTar().file("metadata.json", "{provider").write(tmp.resolve("d.box"));

        assertThatThrownBy(() -> VagrantBox.extract(noMeta, "a.box", Files.createDirectory(tmp.resolve("1")), Progress.NONE))
                .hasMessage("a.box is a tar archive but not a vagrant box (it has no metadata.json)");
        assertThatThrownBy(() -> VagrantBox.extract(noDisk, "b.box", Files.createDirectory(tmp.resolve("2")), Progress.NONE))
                .hasMessage("vagrant box b.box has no box.img");
        assertThatThrownBy(() -> VagrantBox.extract(raw, "c.box", Files.createDirectory(tmp.resolve("3")), Progress.NONE))
                .hasMessage("vagrant box c.box has disk format 'raw'; only qcow2 is supported");
        assertThatThrownBy(() -> VagrantBox.extract(badJson, "d.box", Files.createDirectory(tmp.resolve("4")), Progress.NONE))
                .hasMessageStartingWith("metadata.json in d.box is not valid JSON: ");
    }

    @Test
    void appliesTheTarSlipChecks() throws Exception {
        Path box = new RawTar().file("metadata.json", LIBVIRT).file("../../root/.ssh/authorized_keys", "ssh-ed25519 AAAA")
                .writeGzip(tmp.resolve("evil.box"));

        assertThatThrownBy(() -> VagrantBox.extract(box, "evil.box", out, Progress.NONE))
                .hasMessage("tar entry '../../root/.ssh/authorized_keys' in evil.box escapes the archive");
        try (var list = Files.list(out)) {
            assertThat(list).isEmpty();
        }
    }
}
