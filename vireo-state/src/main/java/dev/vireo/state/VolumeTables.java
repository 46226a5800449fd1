package dev.vireo.state;

import dev.vireo.api.VireoException;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.Volume;
import dev.vireo.core.volume.VolumeSnapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** The pools, volumes and volume_snapshots tables (schema V3) for {@link JdbcStateStore}. */
final class VolumeTables {
    private final Jdbi jdbi;

    VolumeTables(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insertPool(Pool p) {
        Writes.execute(jdbi, h -> h.createUpdate("INSERT INTO pools (name, driver, source, created_at)"
                + " VALUES (:name, :driver, :source, :createdAt)").bind("name", p.name()).bind("driver", p.driver())
                .bind("source", p.source()).bind("createdAt", p.createdAt().toString()).execute(), "pool " + p.name());
    }

    Optional<Pool> findPool(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM pools WHERE name = :n").bind("n", name)
                .map(VolumeTables::pool).findOne());
    }

    List<Pool> listPools() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM pools ORDER BY name").map(VolumeTables::pool).list());
    }

    boolean deletePool(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM pools WHERE name = :n").bind("n", name).execute()) > 0;
    }

    void insertVolume(Volume v) {
        Writes.execute(jdbi, h -> bind(h.createUpdate("INSERT INTO volumes (name, pool, size_bytes, instance, slot,"
                + " mount_path, created_at) VALUES (:name, :pool, :size, :instance, :slot, :mount, :createdAt)"), v)
                .execute(), "volume " + v.name() + (v.attached() ? " or slot " + v.slot() + " of " + v.instance() : ""));
    }

    void updateVolume(Volume v) {
        int[] n = {0};
        Writes.execute(jdbi, h -> n[0] = bind(h.createUpdate("UPDATE volumes SET pool = :pool, size_bytes = :size,"
                + " instance = :instance, slot = :slot, mount_path = :mount, created_at = :createdAt WHERE name = :name"),
                v).execute(), "slot " + v.slot() + " of " + v.instance());
        if (n[0] == 0) {
            throw VireoException.notFound("volume " + v.name());
        }
    }

    Optional<Volume> findVolume(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volumes WHERE name = :n").bind("n", name)
                .map(VolumeTables::volume).findOne());
    }

    List<Volume> listVolumes() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volumes ORDER BY name").map(VolumeTables::volume)
                .list());
    }

    boolean deleteVolume(String name) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM volume_snapshots WHERE volume = :n").bind("n", name).execute();
            return h.createUpdate("DELETE FROM volumes WHERE name = :n").bind("n", name).execute() > 0;
        });
    }

    void insertVolumeSnapshot(VolumeSnapshot s) {
        Writes.execute(jdbi, h -> h.createUpdate("INSERT INTO volume_snapshots (volume, name, created_at)"
                + " VALUES (:volume, :name, :createdAt)").bind("volume", s.volume()).bind("name", s.name())
                .bind("createdAt", s.createdAt().toString()).execute(),
                "snapshot " + s.name() + " of volume " + s.volume());
    }

    List<VolumeSnapshot> listVolumeSnapshots(String volume) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_snapshots WHERE volume = :v"
                + " ORDER BY created_at, name").bind("v", volume).map((rs, ctx) -> new VolumeSnapshot(
                        rs.getString("volume"), rs.getString("name"), Instant.parse(rs.getString("created_at"))))
                .list());
    }

    boolean deleteVolumeSnapshot(String volume, String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM volume_snapshots WHERE volume = :v AND name = :n")
                .bind("v", volume).bind("n", name).execute()) > 0;
    }

    private static Update bind(Update u, Volume v) {
        return u.bind("name", v.name()).bind("pool", v.pool()).bind("size", v.sizeBytes())
                .bind("instance", v.instance()).bind("slot", v.slot()).bind("mount", v.mountPath())
                .bind("createdAt", v.createdAt().toString());
    }

    private static Pool pool(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Pool(rs.getString("name"), rs.getString("driver"), rs.getString("source"),
                Instant.parse(rs.getString("created_at")));
    }

    private static Volume volume(ResultSet rs, StatementContext ctx) throws SQLException {
        int slot = rs.getInt("slot");
        Integer slotValue = rs.wasNull() ? null : slot;
        return new Volume(rs.getString("name"), rs.getString("pool"), rs.getLong("size_bytes"),
                rs.getString("instance"), slotValue, rs.getString("mount_path"),
                Instant.parse(rs.getString("created_at")));
    }
}
