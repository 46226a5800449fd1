package dev.vireo.server;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.HostInfo;
import dev.vireo.api.VireoException;
import dev.vireo.cloudinit.XorrisoSeedWriter;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.host.AcceleratorChoice;
import dev.vireo.core.host.HostFacts;
import dev.vireo.core.host.HostProbe;
import dev.vireo.core.image.ImageService;
import dev.vireo.core.instance.InstanceService;
import dev.vireo.core.op.OperationManager;
import dev.vireo.guest.DebugfsGuestEditor;
import dev.vireo.qemu.QemuDriver;
import dev.vireo.s3.auth.AccessKeys;
import dev.vireo.s3.auth.SigV4Verifier;
import dev.vireo.s3.store.ObjectStore;
import dev.vireo.server.rest.ApiServer;
import dev.vireo.server.rest.EventResource;
import dev.vireo.server.rest.HostResource;
import dev.vireo.network.HostNetworkBackend;
import dev.vireo.server.rest.ImageResource;
import dev.vireo.server.rest.NetworkResource;
import dev.vireo.server.rest.InstanceResource;
import dev.vireo.server.rest.OperationResource;
import dev.vireo.server.rest.S3KeyResource;
import dev.vireo.server.rest.SnapshotResource;
import dev.vireo.server.rest.VolumeResource;
import dev.vireo.server.rest.BackupResource;
import dev.vireo.core.volume.VolumeService;
import dev.vireo.storage.volume.DirPoolDriver;
import dev.vireo.storage.volume.LvmThinPoolDriver;
import dev.vireo.server.s3.S3Endpoint;
import dev.vireo.state.JdbcStateStore;
import dev.vireo.storage.DirStoragePool;
import dev.vireo.storage.FileImageStore;
import dev.vireo.storage.ova.OvaFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's parts, started in dependency order and stopped in reverse. Stopping never stops guests. */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final String VERSION = "0.1.0";

    private final FileChannel lockChannel;
    private final JdbcStateStore state;
    private final InstanceService instances;
    private final ApiServer api;
    private final S3Endpoint s3;
    private final MetadataEndpoint metadata;

    private Daemon(FileChannel lockChannel, JdbcStateStore state, InstanceService instances, ApiServer api,
            S3Endpoint s3, MetadataEndpoint metadata) {
        this.metadata = metadata;
        this.lockChannel = lockChannel;
        this.state = state;
        this.instances = instances;
        this.api = api;
        this.s3 = s3;
    }

    public static Daemon start(DaemonConfig config) {
        Path dir = config.stateDir();
        FileChannel lock = lockStateDir(dir);
        JdbcStateStore state = null;
        InstanceService instances = null;
        S3Endpoint s3 = null;
        MetadataEndpoint metadata = null;
        try {
            Clock clock = Clock.systemUTC();
            state = JdbcStateStore.sqlite(dir.resolve("vireo.db"));
            HostFacts facts = new HostProbe(Path.of("/")).probe();
            AcceleratorChoice accel = AcceleratorChoice.decide(facts);
            LOG.info("accelerator: {} ({})", accel.accelerator().id(), accel.reason());
            OperationManager operations = new OperationManager(clock);
            EventBus events = new EventBus(clock);
            ImageService images = new ImageService(state, new FileImageStore(dir.resolve("images")), operations,
                    events);
            instances = new InstanceService(new InstanceService.Backends(state, images, new DirStoragePool(),
                    new XorrisoSeedWriter(), new QemuDriver(), new DebugfsGuestEditor(), new OvaFormat(),
                    List.of(new DirPoolDriver(), new LvmThinPoolDriver()),
                    new HostNetworkBackend(dir.resolve("networks"))), operations,
                    events, facts, dir.resolve("instances"), SshKeyring.ensure(dir.resolve("keys")), clock,
                    InstanceService.Settings.DEFAULTS);
            instances.volumes().ensureDefaultPool(dir.resolve("pools").resolve(VolumeService.DEFAULT_POOL));
            instances.networks().reconcile();
            instances.networks().ensureDefault(dir.resolve("networks").resolve(".default-created"));
            instances.reconcile();
            metadata = new MetadataEndpoint(instances::metadata, events, !instances.networks().list().isEmpty());
            HostInfo info = hostInfo(facts, accel, dir);
            AccessKeys s3Keys = AccessKeys.open(Files.createDirectories(dir.resolve("s3")).resolve("keys"));
            if (config.s3Listen() != null) {
                s3 = S3Endpoint.start(new ObjectStore(dir.resolve("s3").resolve("data")),
                        new SigV4Verifier(s3Keys, clock), config.s3Listen());
            }
            ApiServer api = ApiServer.start(new ApiServer.Resources(new HostResource(() -> info),
                    new ImageResource(images), new InstanceResource(instances),
                    new SnapshotResource(instances.snapshots()), new OperationResource(operations),
                    new EventResource(events), new S3KeyResource(s3Keys), new VolumeResource(instances.volumes()),
                    new BackupResource(instances.backups()), new NetworkResource(instances.networks())),
                    config.socket(), config.listen());
            Files.writeString(dir.resolve("daemon.pid"), ProcessHandle.current().pid() + "\n");
            LOG.info("vireo daemon ready: state {}, socket {}{}{}", dir, config.socket(),
                    config.listen() == null ? "" : ", tcp " + config.listen(),
                    config.s3Listen() == null ? "" : ", s3 " + config.s3Listen());
            return new Daemon(lock, state, instances, api, s3, metadata);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot set up state dir " + dir + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            if (metadata != null) {
                metadata.close();
            }
            if (instances != null) {
                instances.shutdown();
            }
            if (state != null) {
                state.close();
            }
            closeQuietly(lock);
            throw e;
        }
    }

    public int tcpPort() {
        return api.tcpPort();
    }

    @Override
    public void close() {
        api.close();
        if (s3 != null) {
            s3.close();
        }
        metadata.close();
        instances.shutdown();
        state.close();
        closeQuietly(lockChannel);
        LOG.info("vireo daemon stopped; guests keep running");
    }

    static HostInfo hostInfo(HostFacts f, AcceleratorChoice accel, Path stateDir) {
        return new HostInfo(f.hostname(), f.cpuModel(), f.cores(), f.memoryBytes(), f.flag("lm"), f.flag("vmx"),
                f.flag("svm"), f.flag("hypervisor"), f.kvmDevice(), accel.kvmUsable(), accel.accelerator().id(),
                accel.reason(), f.cgroupMode(), f.qemuVersion(), f.qemuImgVersion(), VERSION, stateDir.toString());
    }

    /** One daemon per state dir: a second one would fight over the same guests. */
    private static FileChannel lockStateDir(Path dir) {
        try {
            Files.createDirectories(dir.resolve("instances"));
            Files.createDirectories(dir.resolve("images"));
            FileChannel ch = FileChannel.open(dir.resolve("daemon.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "another vireo daemon is using " + dir);
            }
            return ch;
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot use state dir " + dir + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // releasing the lock cannot usefully fail
        }
    }
}
