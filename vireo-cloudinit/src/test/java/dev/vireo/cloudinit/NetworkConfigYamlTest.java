package dev.vireo.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkConfigYamlTest {
    @Test
    void eachNicGetsDhcpByMacInOrder() {
        assertThat(NetworkConfigYaml.render(List.of("52:54:00:00:00:01", "52:54:00:00:00:02"))).isEqualTo("""
                version: 2
                ethernets:
                  eth0:
                    match:
                      macaddress: "52:54:00:00:00:01"
                    set-name: eth0
                    dhcp4: true
                  eth1:
                    match:
                      macaddress: "52:54:00:00:00:02"
                    set-name: eth1
                    dhcp4: true
                """);
    }
}
