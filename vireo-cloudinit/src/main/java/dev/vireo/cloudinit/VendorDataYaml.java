package dev.vireo.cloudinit;

import dev.vireo.core.seed.NoCloudSeed;
import java.util.List;

/**
 * Renders NoCloud vendor-data that formats volumes (ext4, only when blank: {@code overwrite: false})
 * with cloud-init's disk_setup module and mounts them with its mounts module ({@code nofail}, so a
 * missing volume never stops a boot). Values are double-quoted YAML scalars.
 */
final class VendorDataYaml {
    private VendorDataYaml() {}

    static String render(List<NoCloudSeed.Mount> mounts) {
        StringBuilder yaml = new StringBuilder("#cloud-config\nfs_setup:\n");
        for (NoCloudSeed.Mount m : mounts) {
            yaml.append("  - device: ").append(MetaDataYaml.quote(m.device())).append('\n')
                    .append("    filesystem: ext4\n")
                    .append("    label: ").append(MetaDataYaml.quote(m.label())).append('\n')
                    .append("    overwrite: false\n");
        }
        yaml.append("mounts:\n");
        for (NoCloudSeed.Mount m : mounts) {
            yaml.append("  - [").append(MetaDataYaml.quote(m.device())).append(", ").append(MetaDataYaml.quote(m.path()))
                    .append(", \"ext4\", \"defaults,nofail,x-systemd.device-timeout=30s\", \"0\", \"2\"]\n");
        }
        return yaml.toString();
    }
}
