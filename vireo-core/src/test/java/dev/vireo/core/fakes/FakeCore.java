package dev.vireo.core.fakes;

import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.host.HostFacts;
import dev.vireo.core.image.ImageService;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceService;
import dev.vireo.core.instance.InstanceService.DaemonKey;
import dev.vireo.core.instance.InstanceService.Settings;
import dev.vireo.core.op.OperationManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The core services wired over the fakes, in a temp dir; what a daemon would build, minus real backends. */
public final class FakeCore {
    public static final DaemonKey DAEMON_KEY = new DaemonKey(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeDaemonKeyForTestsOnly vireo-daemon", "/nonexistent/id_ed25519");
    public static final String USER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeUserKey alice@laptop";
    public static final Settings SETTINGS = new Settings(Duration.ofSeconds(5));
    /** Long enough for any fake operation; only reached when a test is about to fail. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    public final Path root;
    public final Path instancesDir;
    public final Clock clock = Clock.systemUTC();
    public final HostFacts host;
    public final InMemoryStateStore state = new InMemoryStateStore();
    public final FakeImageStore imageStore;
    public final FakeStoragePool pool = new FakeStoragePool();
    public final FakeSeedWriter seeds = new FakeSeedWriter();
    public final FakeDriver driver = new FakeDriver().onPool(pool);
    public final FakeGuestEditor guests = new FakeGuestEditor();
    public final FakeApplianceFormat appliances = new FakeApplianceFormat();
    public final FakePoolDriver dirPools = new FakePoolDriver("dir", false);
    public final FakePoolDriver lvmPools = new FakePoolDriver("lvm-thin", true);
    public final FakeNetworkBackend network = new FakeNetworkBackend();
    public final OperationManager operations = new OperationManager(clock);
    public final EventBus events = new EventBus(clock);
    public final ImageService images;
    public final InstanceService instances;
    private final Settings settings;

    public FakeCore(Path root) {
        this(root, FakeHosts.tcg(), SETTINGS);
    }

    public FakeCore(Path root, HostFacts host, Settings settings) {
        this.root = root;
        this.host = host;
        this.settings = settings;
        this.instancesDir = root.resolve("instances");
        try {
            Files.createDirectories(instancesDir);
            this.imageStore = new FakeImageStore(Files.createDirectories(root.resolve("images")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.images = new ImageService(state, imageStore, operations, events);
        this.instances = newInstanceService();
        instances.volumes().ensureDefaultPool(root.resolve("pools/default"));
    }

    /** A second InstanceService over the same state and driver, as after a daemon restart. */
    public InstanceService newInstanceService() {
        return new InstanceService(new InstanceService.Backends(state, images, pool, seeds, driver, guests, appliances,
                List.of(dirPools, lvmPools), network),
                operations, events, host, instancesDir, DAEMON_KEY, clock, settings);
    }

    public static LaunchRequest request(String name, String image) {
        return new LaunchRequest(name, image, null, null, null, List.of(), null, null, null, null);
    }

    /** Waits for the operation to finish; fails the test if it does not within {@link #WAIT}. */
    public OperationView finish(OperationView op) {
        try {
            OperationView done = operations.await(op.id(), WAIT);
            if (!done.done()) {
                throw new AssertionError("operation still running after " + WAIT + ": " + done);
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Like {@link #finish} but also requires success. */
    public OperationView succeed(OperationView op) {
        OperationView done = finish(op);
        if (!"success".equals(done.status())) {
            throw new AssertionError("operation failed: " + done.error());
        }
        return done;
    }

    /** Launches a debian/12 instance and waits until it runs. */
    public Instance running(String name) {
        succeed(instances.launch(request(name, "debian/12")));
        return instances.get(name);
    }
}
