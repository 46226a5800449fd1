package dev.vireo.cloudinit;

import java.util.List;

/**
 * cloud-init network-config (version 2) for an instance with several NICs: DHCP on each, found
 * by MAC and named eth0, eth1, ... in the order given.
 */
final class NetworkConfigYaml {
    private NetworkConfigYaml() {}

    static String render(List<String> macs) {
        StringBuilder b = new StringBuilder("version: 2\nethernets:\n");
        for (int i = 0; i < macs.size(); i++) {
            b.append("  eth").append(i).append(":\n")
                    .append("    match:\n      macaddress: \"").append(macs.get(i)).append("\"\n")
                    .append("    set-name: eth").append(i).append('\n')
                    .append("    dhcp4: true\n");
        }
        return b.toString();
    }
}
