package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.NicView;
import dev.vireo.api.SecurityGroupView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityGroupCommandTest {
    @TempDir
    Path dir;

    @Test
    void createSendsItsRules() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/security-groups", 201, Canned.WEB, Canned.PING.replace("[\"icmp/0.0.0.0/0\"]", "[]"))) {
            CliRun web = CliRun.against(daemon, "secgroup", "create", "web", "--allow", "tcp:80,443",
                    "--allow", "tcp:22/10.0.0.0/8");
            CliRun empty = CliRun.against(daemon, "secgroup", "create", "ping");

            assertThat(web.exit()).isZero();
            assertThat(web.out()).isEqualTo("Created security group web (2 rules)\n");
            assertThat(empty.out()).isEqualTo("Created security group ping (0 rules)\n");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/security-groups {\"name\":\"web\",\"allow\":[\"tcp:80,443\",\"tcp:22/10.0.0.0/8\"]}",
                    "POST /v1/security-groups {\"name\":\"ping\",\"allow\":[]}");
        }
    }

    @Test
    void listPrintsATableAndJson() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/security-groups", 200, Canned.SECURITY_GROUPS)) {
            CliRun table = CliRun.against(daemon, "secgroup", "list");
            CliRun json = CliRun.against(daemon, "secgroup", "list", "--json");

            assertThat(table.out()).isEqualTo("""
                    NAME  RULES                                   NICS
                    web   tcp:80,443/0.0.0.0/0 tcp:22/10.0.0.0/8  web1/eth0
                    ping  icmp/0.0.0.0/0                          -
                    """);
            assertThat(List.of(Json.mapper().readValue(json.out(), SecurityGroupView[].class)))
                    .extracting(SecurityGroupView::name).containsExactly("web", "ping");
        }
    }

    @Test
    void showAndDelete() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("GET /v1/security-groups/web", 200, Canned.WEB)
                .on("DELETE /v1/security-groups/web", 204, "")) {
            CliRun show = CliRun.against(daemon, "secgroup", "show", "web");
            CliRun json = CliRun.against(daemon, "secgroup", "show", "web", "--json");
            CliRun delete = CliRun.against(daemon, "secgroup", "delete", "web");

            assertThat(show.out()).isEqualTo("""
                    name:    web
                    rules:   tcp:80,443/0.0.0.0/0 tcp:22/10.0.0.0/8
                    nics:    web1/eth0
                    created: 2025-01-02T03:04:05Z
                    """);
            assertThat(Json.mapper().readValue(json.out(), SecurityGroupView.class).rules()).hasSize(2);
            assertThat(delete.exit()).isZero();
            assertThat(delete.out()).isEqualTo("Deleted security group web\n");
        }
    }

    @Test
    void ruleAddPostsTheRuleAndRemoveEncodesItAsAQueryParameter() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/security-groups/web/rules", 200, Canned.WEB)
                .on("DELETE /v1/security-groups/web/rules?allow=tcp%3A80%2C443%2F0.0.0.0%2F0", 200, Canned.WEB)
                .on("DELETE /v1/security-groups/web/rules?allow=icmp", 200, Canned.WEB)) {
            CliRun add = CliRun.against(daemon, "secgroup", "rule", "add", "web", "--allow",
                    "udp:5000-5010/192.168.0.0/16");
            CliRun remove = CliRun.against(daemon, "secgroup", "rule", "remove", "web", "--allow",
                    "tcp:80,443/0.0.0.0/0");
            CliRun json = CliRun.against(daemon, "secgroup", "rule", "remove", "web", "--allow", "icmp", "--json");
            CliRun missing = CliRun.against(daemon, "secgroup", "rule", "add", "web");

            assertThat(add.exit()).isZero();
            assertThat(add.out()).isEqualTo("Added rule udp:5000-5010/192.168.0.0/16 to security group web\n");
            assertThat(remove.out()).isEqualTo("Removed rule tcp:80,443/0.0.0.0/0 from security group web\n");
            assertThat(Json.mapper().readValue(json.out(), SecurityGroupView.class).name()).isEqualTo("web");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).startsWith("vireo: error: Missing required option: '--allow=RULE'");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/security-groups/web/rules {\"allow\":\"udp:5000-5010/192.168.0.0/16\"}",
                    "DELETE /v1/security-groups/web/rules?allow=tcp%3A80%2C443%2F0.0.0.0%2F0 ",
                    "DELETE /v1/security-groups/web/rules?allow=icmp ");
        }
    }

    @Test
    void aBadRuleIsTheDaemonsOneLineError() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("POST /v1/security-groups/web/rules", 400,
                Canned.error("invalid-argument", "rule 'tcp:99999': port 99999 is out of range"))) {
            CliRun run = CliRun.against(daemon, "secgroup", "rule", "add", "web", "--allow", "tcp:99999");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("vireo: error: rule 'tcp:99999': port 99999 is out of range\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void attachAndDetachNameTheNic() throws Exception {
        String eth1 = Canned.ETH0.replace("eth0", "eth1");
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock"))
                .on("POST /v1/instances/web1/security-groups", 200, Canned.ETH0, eth1)
                .on("DELETE /v1/instances/web1/security-groups/web?nic=eth0", 200, Canned.ETH0)
                .on("DELETE /v1/instances/web1/security-groups/web?nic=eth1", 200, eth1)) {
            CliRun attach = CliRun.against(daemon, "secgroup", "attach", "web", "web1");
            CliRun attachEth1 = CliRun.against(daemon, "secgroup", "attach", "web", "web1", "--nic", "eth1", "--json");
            CliRun detach = CliRun.against(daemon, "secgroup", "detach", "web", "web1");
            CliRun detachEth1 = CliRun.against(daemon, "secgroup", "detach", "web", "web1", "--nic", "eth1");

            assertThat(attach.exit()).isZero();
            assertThat(attach.out()).isEqualTo("Attached security group web to web1/eth0\n");
            assertThat(Json.mapper().readValue(attachEth1.out(), NicView.class).name()).isEqualTo("eth1");
            assertThat(detach.out()).isEqualTo("Detached security group web from web1/eth0\n");
            assertThat(detachEth1.out()).isEqualTo("Detached security group web from web1/eth1\n");
            assertThat(daemon.requests).extracting(r -> r.route() + " " + r.body()).containsExactly(
                    "POST /v1/instances/web1/security-groups {\"group\":\"web\",\"nic\":\"eth0\"}",
                    "POST /v1/instances/web1/security-groups {\"group\":\"web\",\"nic\":\"eth1\"}",
                    "DELETE /v1/instances/web1/security-groups/web?nic=eth0 ",
                    "DELETE /v1/instances/web1/security-groups/web?nic=eth1 ");
        }
    }

    @Test
    void theGroupsAloneListTheirVerbsAndExplainRules() {
        CliRun bare = CliRun.run("secgroup");
        CliRun rules = CliRun.run("secgroup", "rule");

        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("create", "list", "show", "delete", "rule", "attach", "detach",
                "tcp:22,80/0.0.0.0/0, udp:5000-5010, icmp,", "icmp/10.0.0.0/8");
        assertThat(rules.exit()).isEqualTo(2);
        assertThat(rules.err()).contains("add", "remove");
        assertThat(CliRun.run("secgroup", "help", "attach").out()).startsWith("Usage: vireo secgroup attach ")
                .contains("--nic=NIC", "(default: eth0)");
    }
}
