package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.SshEndpoint;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: debian/12 built offline on first use, a real cloud-init configures the guest
 * from the NoCloud seed. Checks hostname, the user's key with plain ssh as `debian`, runcmd from
 * user-data, exec exit codes, a file surviving stop/start, and delete leaving nothing.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class DebianCloudInitIT {
    private final Vireo vireo = Vireo.get();

    @TempDir
    Path tmp;

    @Test
    void cloudInitConfiguresARealGuest() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        Proc.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
        Path userData = tmp.resolve("user-data");
        Files.writeString(userData, """
                #cloud-config
                runcmd:
                  - [sh, -c, 'echo "runcmd ran for $(hostname)" > /var/tmp/vireo-runcmd']
                """);

        vireo.cliOk("launch", "debian/12", "deb1", "--cpus", "2", "--memory", "1GiB", "--disk", "4GiB",
                "--ssh-key", key + ".pub", "--user-data", userData.toString());
        InstanceView v = vireo.client().instance("deb1");
        assertThat(v.status()).isEqualTo(InstanceStatus.RUNNING);
        // on the default managed network: SSH goes straight to the address dnsmasq reserved for it
        assertThat(v.nics()).singleElement().satisfies(n -> assertThat(n.network()).isEqualTo("vireo0"));
        assertThat(v.ssh().host()).isEqualTo(v.addresses().getFirst());
        assertThat(v.ssh().port()).isEqualTo(22);

        // the user's own key, plain ssh, default user debian
        assertThat(ssh(key, v.ssh(), "hostname").out().strip()).isEqualTo("deb1");
        assertThat(ssh(key, v.ssh(), "cat /var/tmp/vireo-runcmd").out()).contains("runcmd ran for deb1");
        // identity made on first boot (the image ships none), a healthy systemd, DHCP, sudo
        List<String> facts = ssh(key, v.ssh(), "wc -c < /etc/machine-id; ls /etc/ssh/ | grep -c "
                + "'^ssh_host_.*_key$'; sudo -n true && echo sudo-ok; ip -4 -o addr show eth0; "
                + "systemctl is-system-running").out().lines().toList();
        assertThat(facts.get(0).strip()).as("machine-id").isEqualTo("33");
        assertThat(Integer.parseInt(facts.get(1).strip())).as("ssh host keys").isGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", facts)).contains("sudo-ok").contains("inet " + v.addresses().getFirst() + "/24").contains("running");
        assertThat(ssh(key, v.ssh(), "df -B1 --output=size / | tail -1").out().strip())
                .as("root filesystem grown towards --disk 4GiB").satisfies(s -> assertThat(Long.parseLong(s))
                        .isGreaterThan(3L << 30));

        // vireo exec: the daemon's key, exit code passed through, argv preserved
        Proc exec = vireo.cli("exec", "deb1", "--", "sh", "-c", "echo 'a  b'; exit 7");
        assertThat(exec.exit()).as(exec.toString()).isEqualTo(7);
        assertThat(exec.out()).contains("a  b");
        vireo.cliOk("exec", "deb1", "--", "sh", "-c", "echo persisted > /home/debian/keep && sync");

        vireo.cliOk("stop", "deb1", "--timeout", "60");
        assertThat(vireo.qemuPids("deb1")).isEmpty();
        vireo.cliOk("start", "deb1");
        String kept = awaitSsh(key, vireo.client().instance("deb1").ssh(), "cat /home/debian/keep");
        assertThat(kept.strip()).isEqualTo("persisted");

        vireo.cliOk("delete", "deb1", "--force");
        assertThat(vireo.qemuPids("deb1")).isEmpty();
        assertThat(Files.exists(vireo.instanceDir("deb1"))).isFalse();
        assertThat(vireo.client().instances()).noneMatch(i -> i.name().equals("deb1"));
    }

    private static Proc ssh(Path key, SshEndpoint to, String command) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-i", key.toString(), "-p", Integer.toString(to.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "debian@" + to.host(), command));
        return Proc.run(cmd, java.util.Map.of(), null, 60);
    }

    /** After a plain start (no ready wait) sshd comes up some seconds later. */
    private static String awaitSsh(Path key, SshEndpoint to, String command) throws InterruptedException {
        Proc last = null;
        for (int i = 0; i < 90; i++) {
            last = ssh(key, to, command);
            if (last.exit() == 0) {
                return last.out();
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("ssh never answered: " + last);
    }
}
