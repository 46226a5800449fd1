package dev.vireo.it.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.InstanceView;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real debian/12 guest with no seed disk: cloud-init finds the OpenStack datasource (QEMU
 * says "OpenStack Nova") and configures hostname, SSH keys and user-data from the metadata
 * service at 169.254.169.254, which answers it alone.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class DebianMetadataIT {
    /** The guest has python3 (cloud-init needs it), not curl. */
    private static final String GET = "python3 -c 'import sys, urllib.request as u; print(u.urlopen("
            + "\"http://169.254.169.254/\" + sys.argv[1]).read().decode())' ";

    private final Vireo vireo = Vireo.get();

    @TempDir
    Path tmp;

    @Test
    void cloudInitConfiguresItselfFromTheMetadataService() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        Proc.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
        Path userData = tmp.resolve("user-data");
        Files.writeString(userData, """
                #cloud-config
                runcmd:
                  - [sh, -c, 'echo "from metadata: $(hostname)" > /var/tmp/vireo-md']
                """);

        vireo.cliOk("launch", "debian/12", "md1", "--memory", "768MiB", "--seed", "metadata",
                "--ssh-key", key + ".pub", "--user-data", userData.toString());

        assertThat(vireo.instanceDir("md1").resolve("seed.iso")).doesNotExist();
        InstanceView v = vireo.client().instance("md1");
        Proc facts = Proc.run(List.of("ssh", "-i", key.toString(), "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                "debian@" + v.ssh().host(), "hostname; cat /var/tmp/vireo-md; cloud-init query platform; " + GET
                        + "latest/meta-data/local-ipv4; " + GET + "openstack/latest/meta_data.json"), java.util.Map.of(), null, 60);
        assertThat(facts.exit()).as(facts.toString()).isZero();
        List<String> lines = facts.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("md1");
        assertThat(lines.get(1)).isEqualTo("from metadata: md1");
        assertThat(lines.get(2)).isEqualTo("openstack");
        assertThat(lines.get(3)).isEqualTo(v.addresses().getFirst());
        assertThat(lines.get(4)).contains("\"uuid\":\"" + v.uuid() + "\"");

        // exec works with the daemon's key, which came from the metadata service too
        assertThat(vireo.cliOk("exec", "md1", "--", "hostname").out().strip()).isEqualTo("md1");
        vireo.cliOk("delete", "md1", "--force");
    }
}
