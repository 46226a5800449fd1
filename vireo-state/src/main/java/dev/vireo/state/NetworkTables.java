package dev.vireo.state;

import dev.vireo.api.VireoException;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkType;
import dev.vireo.core.network.Nic;
import dev.vireo.core.network.PortForward;
import dev.vireo.core.network.SecurityGroup;
import dev.vireo.core.network.SecurityRule;
import dev.vireo.core.network.Subnet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The networks, nics, port_forwards and security_groups tables (schema V4) for {@link JdbcStateStore}. */
final class NetworkTables {
    private final Jdbi jdbi;

    NetworkTables(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insertNetwork(Network n) {
        Writes.execute(jdbi, h -> h.createUpdate("INSERT INTO networks (name, type, subnet, nat, dns_domain, mtu, vni,"
                + " peers, local_address, created_at) VALUES (:name, :type, :subnet, :nat, :domain, :mtu, :vni, :peers,"
                + " :local, :createdAt)").bind("name", n.name()).bind("type", n.type().id())
                .bind("subnet", n.subnet().toString()).bind("nat", n.nat() ? 1 : 0).bind("domain", n.dnsDomain())
                .bind("mtu", n.mtu()).bind("vni", n.vni()).bind("peers", String.join(",", n.peers()))
                .bind("local", n.local()).bind("createdAt", n.createdAt().toString()).execute(),
                "network " + n.name() + ", subnet " + n.subnet() + (n.vni() == null ? "" : " or VNI " + n.vni()));
    }

    Optional<Network> findNetwork(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM networks WHERE name = :n").bind("n", name)
                .map(NetworkTables::network).findOne());
    }

    List<Network> listNetworks() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM networks ORDER BY name").map(NetworkTables::network)
                .list());
    }

    boolean deleteNetwork(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM networks WHERE name = :n").bind("n", name)
                .execute()) > 0;
    }

    void insertNics(List<Nic> nics) {
        String what = nics.stream().map(n -> "NIC " + n.name() + " of " + n.instance() + " (" + n.mac() + ", "
                + n.ip() + ")").reduce((a, b) -> a + " or " + b).orElse("NIC");
        Writes.execute(jdbi, h -> h.useTransaction(t -> {
            for (Nic n : nics) {
                t.createUpdate("INSERT INTO nics (instance, idx, network, mac, ip, host_device, security_groups)"
                        + " VALUES (:instance, :idx, :network, :mac, :ip, :dev, :groups)").bind("instance", n.instance())
                        .bind("idx", n.index()).bind("network", n.network()).bind("mac", n.mac()).bind("ip", n.ip())
                        .bind("dev", n.hostDevice()).bind("groups", String.join(",", n.securityGroups())).execute();
            }
        }), what);
    }

    void updateNic(Nic n) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE nics SET security_groups = :groups"
                + " WHERE instance = :instance AND idx = :idx").bind("groups", String.join(",", n.securityGroups()))
                .bind("instance", n.instance()).bind("idx", n.index()).execute());
        if (changed == 0) {
            throw VireoException.notFound("NIC " + n.name() + " of " + n.instance());
        }
    }

    List<Nic> listNics() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM nics ORDER BY instance, idx").map((rs, ctx) ->
                new Nic(rs.getString("instance"), rs.getInt("idx"), rs.getString("network"), rs.getString("mac"),
                        rs.getString("ip"), rs.getString("host_device"), split(rs.getString("security_groups"))))
                .list());
    }

    void deleteNics(String instance) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM port_forwards WHERE instance = :i").bind("i", instance).execute();
            h.createUpdate("DELETE FROM nics WHERE instance = :i").bind("i", instance).execute();
        });
    }

    void insertForward(PortForward f) {
        Writes.execute(jdbi, h -> h.createUpdate("INSERT INTO port_forwards (network, listen_address, listen_port,"
                + " proto, instance, target_port) VALUES (:network, :addr, :port, :proto, :instance, :target)")
                .bind("network", f.network()).bind("addr", f.listenAddress()).bind("port", f.listenPort())
                .bind("proto", f.proto()).bind("instance", f.instance()).bind("target", f.targetPort()).execute(),
                "forward " + f.key());
    }

    List<PortForward> listForwards() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM port_forwards ORDER BY listen_address, listen_port,"
                + " proto").map((rs, ctx) -> new PortForward(rs.getString("network"), rs.getString("listen_address"),
                        rs.getInt("listen_port"), rs.getString("proto"), rs.getString("instance"),
                        rs.getInt("target_port"))).list());
    }

    boolean deleteForward(String address, int port, String proto) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM port_forwards WHERE listen_address = :a"
                + " AND listen_port = :p AND proto = :proto").bind("a", address).bind("p", port).bind("proto", proto)
                .execute()) > 0;
    }

    void insertSecurityGroup(SecurityGroup g) {
        Writes.execute(jdbi, h -> h.createUpdate("INSERT INTO security_groups (name, rules, created_at)"
                + " VALUES (:name, :rules, :createdAt)").bind("name", g.name()).bind("rules", rules(g))
                .bind("createdAt", g.createdAt().toString()).execute(), "security group " + g.name());
    }

    void updateSecurityGroup(SecurityGroup g) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE security_groups SET rules = :rules WHERE name = :n")
                .bind("rules", rules(g)).bind("n", g.name()).execute());
        if (changed == 0) {
            throw VireoException.notFound("security group " + g.name());
        }
    }

    Optional<SecurityGroup> findSecurityGroup(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM security_groups WHERE name = :n").bind("n", name)
                .map(NetworkTables::group).findOne());
    }

    List<SecurityGroup> listSecurityGroups() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM security_groups ORDER BY name")
                .map(NetworkTables::group).list());
    }

    boolean deleteSecurityGroup(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM security_groups WHERE name = :n").bind("n", name)
                .execute()) > 0;
    }

    private static String rules(SecurityGroup g) {
        return String.join("\n", g.rules().stream().map(SecurityRule::toString).toList());
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Network network(ResultSet rs, StatementContext ctx) throws SQLException {
        int vni = rs.getInt("vni");
        Integer vniValue = rs.wasNull() ? null : vni;
        return new Network(rs.getString("name"), NetworkType.parse(rs.getString("type")),
                Subnet.parse(rs.getString("subnet")), rs.getInt("nat") != 0, rs.getString("dns_domain"),
                rs.getInt("mtu"), vniValue, split(rs.getString("peers")), rs.getString("local_address"),
                Instant.parse(rs.getString("created_at")));
    }

    private static SecurityGroup group(ResultSet rs, StatementContext ctx) throws SQLException {
        String text = rs.getString("rules");
        List<SecurityRule> rules = text == null || text.isEmpty() ? List.of()
                : text.lines().map(SecurityRule::parse).toList();
        return new SecurityGroup(rs.getString("name"), rules, Instant.parse(rs.getString("created_at")));
    }
}
