package dev.vireo.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vireo.core.seed.NoCloudSeed;
import java.util.List;
import org.junit.jupiter.api.Test;

class VendorDataYamlTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void formatsOnlyBlankVolumesAndMountsThemWithoutBlockingBoot() throws Exception {
        String text = VendorDataYaml.render(List.of(
                new NoCloudSeed.Mount("/dev/disk/by-id/virtio-data", "/data", "data"),
                new NoCloudSeed.Mount("/dev/disk/by-id/virtio-logs", "/var/log/app", "logs")));
        assertThat(text).startsWith("#cloud-config\n");
        JsonNode doc = YAML.readTree(text);
        assertThat(doc.get("fs_setup")).hasSize(2);
        JsonNode fs = doc.get("fs_setup").get(0);
        assertThat(fs.get("device").asText()).isEqualTo("/dev/disk/by-id/virtio-data");
        assertThat(fs.get("filesystem").asText()).isEqualTo("ext4");
        assertThat(fs.get("label").asText()).isEqualTo("data");
        assertThat(fs.get("overwrite").asBoolean()).isFalse();
        JsonNode mount = doc.get("mounts").get(1);
        assertThat(mount.get(0).asText()).isEqualTo("/dev/disk/by-id/virtio-logs");
        assertThat(mount.get(1).asText()).isEqualTo("/var/log/app");
        assertThat(mount.get(3).asText()).contains("nofail");
    }
}
