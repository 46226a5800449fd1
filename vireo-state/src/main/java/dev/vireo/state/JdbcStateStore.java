package dev.vireo.state;

import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceSpec;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.Nic;
import dev.vireo.core.network.PortForward;
import dev.vireo.core.network.SecurityGroup;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.Volume;
import dev.vireo.core.volume.VolumeSnapshot;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** StateStore on JDBC through JDBI; schema by Flyway. Works on SQLite (one host) and PostgreSQL. */
public final class JdbcStateStore implements StateStore {
    private static final String INSTANCE_COLUMNS = "name, uuid, type, image, image_fingerprint, cpus, memory_bytes,"
            + " disk_bytes, accel, ssh_keys, user_data, mac_address, status, status_reason, pid, ssh_port,"
            + " accelerator, created_at, profile_kernel, profile_initrd, profile_cmdline, profile_ready_marker,"
            + " profile_cloud_init, profile_user, root_disk, origin_instance, origin_snapshot";
    private static final String INSTANCE_VALUES = ":name, :uuid, :type, :image, :imageFingerprint, :cpus,"
            + " :memoryBytes, :diskBytes, :accel, :sshKeys, :userData, :macAddress, :status, :statusReason, :pid,"
            + " :sshPort, :accelerator, :createdAt, :profileKernel, :profileInitrd, :profileCmdline,"
            + " :profileReadyMarker, :profileCloudInit, :profileUser, :rootDisk, :originInstance, :originSnapshot";

    /** Idle connections kept open: the daemon's requests are short and few run at once. */
    private static final int POOL_SIZE = 4;

    private final ConnectionPool pool;
    private final Jdbi jdbi;
    private final VolumeTables volumes;
    private final NetworkTables networks;

    JdbcStateStore(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        this.pool = new ConnectionPool(dataSource, POOL_SIZE);
        this.jdbi = Jdbi.create(pool);
        this.volumes = new VolumeTables(jdbi);
        this.networks = new NetworkTables(jdbi);
    }

    /** The embedded single-host store: SQLite at {@code file}, WAL mode. */
    public static JdbcStateStore sqlite(Path file) {
        return new JdbcStateStore(DataSources.sqlite(file));
    }

    /** A PostgreSQL store (clusters), e.g. {@code jdbc:postgresql://host/db}. */
    public static JdbcStateStore postgres(String url, String user, String password) {
        return new JdbcStateStore(DataSources.postgres(url, user, password));
    }

    @Override
    public void insertInstance(Instance i) {
        execute(h -> bind(h.createUpdate("INSERT INTO instances (" + INSTANCE_COLUMNS + ") VALUES ("
                + INSTANCE_VALUES + ")"), i).execute(), "instance " + i.name());
    }

    @Override
    public void updateInstance(Instance i) {
        int n = jdbi.withHandle(h -> bind(h.createUpdate("UPDATE instances SET uuid = :uuid, type = :type,"
                + " image = :image, image_fingerprint = :imageFingerprint, cpus = :cpus, memory_bytes = :memoryBytes,"
                + " disk_bytes = :diskBytes, accel = :accel, ssh_keys = :sshKeys, user_data = :userData,"
                + " mac_address = :macAddress, status = :status, status_reason = :statusReason, pid = :pid,"
                + " ssh_port = :sshPort, accelerator = :accelerator, created_at = :createdAt,"
                + " profile_kernel = :profileKernel, profile_initrd = :profileInitrd, profile_cmdline = :profileCmdline,"
                + " profile_ready_marker = :profileReadyMarker, profile_cloud_init = :profileCloudInit,"
                + " profile_user = :profileUser, root_disk = :rootDisk, origin_instance = :originInstance,"
                + " origin_snapshot = :originSnapshot WHERE name = :name"), i)
                .execute());
        if (n == 0) {
            throw VireoException.notFound("instance " + i.name());
        }
    }

    @Override
    public Optional<Instance> findInstance(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE name = :n")
                .bind("n", name).map(JdbcStateStore::instance).findOne());
    }

    @Override
    public List<Instance> listInstances() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM instances ORDER BY name")
                .map(JdbcStateStore::instance).list());
    }

    /** Deletes the instance and its snapshots' records. */
    @Override
    public boolean deleteInstance(String name) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM snapshots WHERE instance = :n").bind("n", name).execute();
            return h.createUpdate("DELETE FROM instances WHERE name = :n").bind("n", name).execute() > 0;
        });
    }

    @Override
    public void insertSnapshot(Snapshot s) {
        execute(h -> insert(h, s), "snapshot " + s.name() + " of " + s.instance());
    }

    @Override
    public void recordSnapshot(Snapshot s, Instance updated) {
        execute(h -> h.useTransaction(t -> {
            insert(t, s);
            int n = t.createUpdate("UPDATE instances SET root_disk = :rootDisk WHERE name = :name")
                    .bind("rootDisk", updated.rootDisk()).bind("name", updated.name()).execute();
            if (n == 0) {
                throw VireoException.notFound("instance " + updated.name());
            }
        }), "snapshot " + s.name() + " of " + s.instance());
    }

    private static void insert(Handle h, Snapshot s) {
        h.createUpdate("INSERT INTO snapshots (instance, name, disk, memory_state, hardware, live, created_at)"
                + " VALUES (:instance, :name, :disk, :memory, :hardware, :live, :createdAt)")
                .bind("instance", s.instance()).bind("name", s.name()).bind("disk", s.disk())
                .bind("memory", s.memoryState()).bind("hardware", s.hardware()).bind("live", s.live())
                .bind("createdAt", s.createdAt().toString()).execute();
    }

    @Override
    public Optional<Snapshot> findSnapshot(String instance, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM snapshots WHERE instance = :i AND name = :n")
                .bind("i", instance).bind("n", name).map(JdbcStateStore::snapshot).findOne());
    }

    @Override
    public List<Snapshot> listSnapshots(String instance) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM snapshots WHERE instance = :i"
                + " ORDER BY created_at, name").bind("i", instance).map(JdbcStateStore::snapshot).list());
    }

    @Override
    public boolean deleteSnapshot(String instance, String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM snapshots WHERE instance = :i AND name = :n")
                .bind("i", instance).bind("n", name).execute()) > 0;
    }

    @Override
    public void insertImage(Image i) {
        execute(h -> h.createUpdate("INSERT INTO images (alias, fingerprint, format, disk_path, kernel_path,"
                + " initrd_path, cmdline, size_bytes, virtual_size_bytes, source, ready_marker, cloud_init, created_at,"
                + " default_user, template) VALUES (:alias, :fingerprint, :format, :disk, :kernel, :initrd, :cmdline,"
                + " :size, :vsize, :source, :marker, :cloudInit, :createdAt, :user, :template)")
                .bind("alias", i.alias()).bind("fingerprint", i.fingerprint()).bind("format", i.format())
                .bind("disk", i.disk().toString()).bind("kernel", str(i.kernel())).bind("initrd", str(i.initrd()))
                .bind("cmdline", i.cmdline()).bind("size", i.sizeBytes()).bind("vsize", i.virtualSizeBytes())
                .bind("source", i.source()).bind("marker", i.readyMarker()).bind("cloudInit", i.cloudInit())
                .bind("createdAt", i.createdAt().toString()).bind("user", i.defaultUser())
                .bind("template", i.template()).execute(), "image " + i.alias());
    }

    @Override
    public Optional<Image> findImage(String alias) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM images WHERE alias = :a").bind("a", alias)
                .map(JdbcStateStore::image).findOne());
    }

    @Override
    public List<Image> listImages() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM images ORDER BY alias")
                .map(JdbcStateStore::image).list());
    }

    @Override
    public boolean deleteImage(String alias) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM images WHERE alias = :a").bind("a", alias)
                .execute()) > 0;
    }

    @Override
    public void insertPool(Pool pool) {
        volumes.insertPool(pool);
    }

    @Override
    public Optional<Pool> findPool(String name) {
        return volumes.findPool(name);
    }

    @Override
    public List<Pool> listPools() {
        return volumes.listPools();
    }

    @Override
    public boolean deletePool(String name) {
        return volumes.deletePool(name);
    }

    @Override
    public void insertVolume(Volume volume) {
        volumes.insertVolume(volume);
    }

    @Override
    public void updateVolume(Volume volume) {
        volumes.updateVolume(volume);
    }

    @Override
    public Optional<Volume> findVolume(String name) {
        return volumes.findVolume(name);
    }

    @Override
    public List<Volume> listVolumes() {
        return volumes.listVolumes();
    }

    @Override
    public boolean deleteVolume(String name) {
        return volumes.deleteVolume(name);
    }

    @Override
    public void insertVolumeSnapshot(VolumeSnapshot snapshot) {
        volumes.insertVolumeSnapshot(snapshot);
    }

    @Override
    public List<VolumeSnapshot> listVolumeSnapshots(String volume) {
        return volumes.listVolumeSnapshots(volume);
    }

    @Override
    public boolean deleteVolumeSnapshot(String volume, String name) {
        return volumes.deleteVolumeSnapshot(volume, name);
    }

    /** Closes the idle connections; connections in use close when their calls end. */
    @Override
    public void close() {
        pool.close();
    }

    private void execute(java.util.function.Consumer<Handle> work, String what) {
        Writes.execute(jdbi, work, what);
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T s, Instance i) {
        InstanceSpec spec = i.spec();
        s.bind("name", i.name()).bind("uuid", i.uuid().toString()).bind("type", i.type())
                .bind("image", i.image()).bind("imageFingerprint", i.imageFingerprint()).bind("cpus", spec.cpus())
                .bind("memoryBytes", spec.memoryBytes()).bind("diskBytes", spec.diskBytes())
                .bind("accel", spec.accel().id()).bind("sshKeys", String.join("\n", spec.sshKeys()))
                .bind("userData", spec.userData()).bind("macAddress", spec.macAddress())
                .bind("status", i.status().label()).bind("statusReason", i.statusReason()).bind("pid", i.pid())
                .bind("sshPort", i.sshPort()).bind("accelerator", i.accelerator() == null ? null : i.accelerator().id())
                .bind("createdAt", i.createdAt().toString());
        GuestProfile p = i.profile();
        s.bind("profileKernel", p == null ? null : str(p.kernel())).bind("profileInitrd", p == null ? null : str(p.initrd()))
                .bind("profileCmdline", p == null ? null : p.cmdline())
                .bind("profileReadyMarker", p == null ? null : p.readyMarker())
                .bind("profileCloudInit", p == null ? null : p.cloudInit())
                .bind("profileUser", p == null ? null : p.user()).bind("rootDisk", i.rootDisk())
                .bind("originInstance", i.origin() == null ? null : i.origin().instance())
                .bind("originSnapshot", i.origin() == null ? null : i.origin().snapshot());
        return s;
    }

    private static Instance instance(ResultSet rs, StatementContext ctx) throws SQLException {
        String keys = rs.getString("ssh_keys");
        InstanceSpec spec = new InstanceSpec(rs.getInt("cpus"), rs.getLong("memory_bytes"), rs.getLong("disk_bytes"),
                Accelerator.parse(rs.getString("accel")),
                keys == null || keys.isEmpty() ? List.of() : Arrays.asList(keys.split("\n")),
                rs.getString("user_data"), rs.getString("mac_address"));
        long pid = rs.getLong("pid");
        Long pidValue = rs.wasNull() ? null : pid;
        int port = rs.getInt("ssh_port");
        Integer portValue = rs.wasNull() ? null : port;
        String accel = rs.getString("accelerator");
        return new Instance(rs.getString("name"), UUID.fromString(rs.getString("uuid")), rs.getString("type"),
                rs.getString("image"), rs.getString("image_fingerprint"), spec,
                InstanceStatus.fromLabel(rs.getString("status")), rs.getString("status_reason"), pidValue, portValue,
                accel == null ? null : Accelerator.parse(accel), Instant.parse(rs.getString("created_at")),
                profile(rs), rs.getString("root_disk"), origin(rs));
    }

    private static GuestProfile profile(ResultSet rs) throws SQLException {
        String user = rs.getString("profile_user");
        if (user == null) {
            return null;
        }
        return new GuestProfile(path(rs.getString("profile_kernel")), path(rs.getString("profile_initrd")),
                rs.getString("profile_cmdline"), rs.getString("profile_ready_marker"),
                rs.getBoolean("profile_cloud_init"), user);
    }

    private static Instance.Origin origin(ResultSet rs) throws SQLException {
        String instance = rs.getString("origin_instance");
        return instance == null ? null : new Instance.Origin(instance, rs.getString("origin_snapshot"));
    }

    private static Snapshot snapshot(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Snapshot(rs.getString("instance"), rs.getString("name"), rs.getString("disk"),
                rs.getString("memory_state"), rs.getString("hardware"), rs.getBoolean("live"),
                Instant.parse(rs.getString("created_at")));
    }

    private static Image image(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Image(rs.getString("alias"), rs.getString("fingerprint"), rs.getString("format"),
                Path.of(rs.getString("disk_path")), path(rs.getString("kernel_path")),
                path(rs.getString("initrd_path")), rs.getString("cmdline"), rs.getLong("size_bytes"),
                rs.getLong("virtual_size_bytes"), rs.getString("source"), rs.getString("ready_marker"),
                rs.getBoolean("cloud_init"), Instant.parse(rs.getString("created_at")), rs.getString("default_user"),
                rs.getBoolean("template"));
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    @Override
    public void insertNetwork(Network network) {
        networks.insertNetwork(network);
    }

    @Override
    public Optional<Network> findNetwork(String name) {
        return networks.findNetwork(name);
    }

    @Override
    public List<Network> listNetworks() {
        return networks.listNetworks();
    }

    @Override
    public boolean deleteNetwork(String name) {
        return networks.deleteNetwork(name);
    }

    @Override
    public void insertNics(List<Nic> nics) {
        networks.insertNics(nics);
    }

    @Override
    public void updateNic(Nic nic) {
        networks.updateNic(nic);
    }

    @Override
    public List<Nic> listNics() {
        return networks.listNics();
    }

    @Override
    public void deleteNics(String instance) {
        networks.deleteNics(instance);
    }

    @Override
    public void insertForward(PortForward forward) {
        networks.insertForward(forward);
    }

    @Override
    public List<PortForward> listForwards() {
        return networks.listForwards();
    }

    @Override
    public boolean deleteForward(String listenAddress, int listenPort, String proto) {
        return networks.deleteForward(listenAddress, listenPort, proto);
    }

    @Override
    public void insertSecurityGroup(SecurityGroup group) {
        networks.insertSecurityGroup(group);
    }

    @Override
    public void updateSecurityGroup(SecurityGroup group) {
        networks.updateSecurityGroup(group);
    }

    @Override
    public Optional<SecurityGroup> findSecurityGroup(String name) {
        return networks.findSecurityGroup(name);
    }

    @Override
    public List<SecurityGroup> listSecurityGroups() {
        return networks.listSecurityGroups();
    }

    @Override
    public boolean deleteSecurityGroup(String name) {
        return networks.deleteSecurityGroup(name);
    }
}
