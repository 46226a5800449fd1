package dev.vireo.qemu;

import static dev.vireo.qemu.WaitUntil.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.DriverListener;
import dev.vireo.core.driver.Observation;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real QEMU (TCG), firmware boot from an empty disk: SeaBIOS finds nothing to boot and just keeps running. */
class QemuDriverRealTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final QemuSettings SETTINGS = new QemuSettings("qemu-system-x86_64", Duration.ofSeconds(30),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());

    @TempDir
    Path root;

    private final List<QemuDriver> drivers = new ArrayList<>();
    private final List<Vm> vms = new ArrayList<>();

    record Report(String name, InstanceStatus status, String reason) {}

    record Vm(Instance instance, InstancePaths paths, StartSpec spec) {
        Instance running() {
            return instance.withStatus(InstanceStatus.RUNNING, null);
        }
    }

    static final class Recorder implements DriverListener {
        final List<Report> reports = new CopyOnWriteArrayList<>();

        @Override
        public void observed(String instance, InstanceStatus status, String reason) {
            reports.add(new Report(instance, status, reason));
        }

        boolean saw(InstanceStatus status) {
            return reports.stream().anyMatch(r -> r.status() == status);
        }
    }

    @BeforeAll
    static void qemuInstalled() {
        assumeTrue(onPath("qemu-system-x86_64") && onPath("qemu-img"), "QEMU is not installed");
    }

    @AfterEach
    void killLeftovers() {
        drivers.forEach(QemuDriver::detachAll);
        vms.forEach(vm -> QemuProcess.livePid(vm.paths(), vm.instance().uuid()).ifPresent(QemuPid::killAndWait));
    }

    private QemuDriver driver() {
        QemuDriver driver = new QemuDriver(SETTINGS);
        drivers.add(driver);
        return driver;
    }

    private Vm vm(String name, boolean withDisk) throws Exception {
        InstancePaths paths = new InstancePaths(root.resolve(name));
        Files.createDirectories(paths.dir());
        if (withDisk) {
            run("qemu-img", "create", "-q", "-f", "qcow2", paths.file("root.qcow2").toString(), "64M");
        }
        Instance instance = Fixtures.instance(name, UUID.randomUUID(), 1, 128L << 20, "52:54:00:12:34:56");
        StartSpec spec = Fixtures.start(instance, paths, paths.file("root.qcow2"), null, null, null,
                Accelerator.TCG, freePort());
        Vm vm = new Vm(instance, paths, spec);
        vms.add(vm);
        return vm;
    }

    @Test
    void startPauseResumeAndStopWhenTheGuestIgnoresThePowerButton() throws Exception {
        QemuDriver driver = driver();
        Vm vm = vm("life", true);
        Recorder listener = new Recorder();

        Observation started = driver.start(vm.spec(), listener);

        assertThat(started.status()).isEqualTo(InstanceStatus.RUNNING);
        long pid = started.pid();
        assertThat(driver.observe(vm.running(), vm.paths())).isEqualTo(new Observation(InstanceStatus.RUNNING, pid,
                null, vm.paths().file("root.qcow2").toAbsolutePath()));
        assertThat(parentPid(pid)).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(sessionId(pid)).isNotEqualTo(sessionId(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> driver.start(vm.spec(), listener)).isInstanceOfSatisfying(VireoException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));

        driver.pause(vm.running(), vm.paths());
        assertThat(driver.observe(vm.running(), vm.paths()).status()).isEqualTo(InstanceStatus.PAUSED);
        until(WAIT, "listener hears STOP as Paused", () -> listener.saw(InstanceStatus.PAUSED));

        driver.resume(vm.running(), vm.paths());
        assertThat(driver.observe(vm.running(), vm.paths()).status()).isEqualTo(InstanceStatus.RUNNING);
        until(WAIT, "listener hears RESUME as Running", () -> listener.saw(InstanceStatus.RUNNING));

        driver.stop(vm.running(), vm.paths(), Duration.ofSeconds(1), false);

        assertThat(new QemuPid(pid, vm.instance().uuid()).alive()).isFalse();
        assertThat(vm.paths().qmpSocket()).doesNotExist();
        assertThat(vm.paths().consoleSocket()).doesNotExist();
        assertThat(vm.paths().pidFile()).doesNotExist();
        assertThat(vm.paths().serialLog()).exists();
        assertThat(vm.paths().file("root.qcow2")).exists();
        assertThat(Files.readString(vm.paths().qmpLog())).contains("\"execute\":\"system_powerdown\"")
                .contains("\"execute\":\"quit\"");
        assertThat(listener.saw(InstanceStatus.STOPPED)).as("the driver's own stop is not reported").isFalse();
        assertThat(driver.observe(vm.instance(), vm.paths()))
                .isEqualTo(new Observation(InstanceStatus.STOPPED, null, null));
    }

    @Test
    void liveDiskAndMemorySnapshotsAndAStartFromSavedMemory() throws Exception {
        QemuDriver driver = driver();
        Vm vm = vm("snap", true);
        driver.start(vm.spec(), new Recorder());
        Path layer1 = vm.paths().file("layer-1.qcow2").toAbsolutePath();

        driver.snapshotDisk(vm.running(), vm.paths(), layer1);

        assertThat(layer1).isRegularFile();
        assertThat(run("qemu-img", "info", "-U", layer1.toString())).contains("backing file: "
                + vm.paths().file("root.qcow2").toAbsolutePath());
        assertThat(driver.observe(vm.running(), vm.paths()).rootDisk()).as("QEMU writes to the new top")
                .isEqualTo(layer1);

        Path layer2 = vm.paths().file("layer-2.qcow2").toAbsolutePath();
        Path state = vm.paths().file("s.vmstate");
        driver.snapshotWithMemory(vm.running(), vm.paths(), layer2, state);

        assertThat(state).isNotEmptyFile();
        Observation after = driver.observe(vm.running(), vm.paths());
        assertThat(after.status()).as("resumed after saving").isEqualTo(InstanceStatus.RUNNING);
        assertThat(after.rootDisk()).isEqualTo(layer2);

        driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);
        Path layer3 = vm.paths().file("layer-3.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", layer1.toString(), layer3.toString());
        StartSpec resume = new StartSpec(vm.spec().instance(), vm.paths(), layer3, Accelerator.TCG, freePort(), state);
        Observation resumed = driver.start(resume, new Recorder());
        assertThat(resumed.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(Files.readString(Path.of("/proc", Long.toString(resumed.pid()), "cmdline")).replace('\0', ' '))
                .contains("-incoming defer");
        assertThat(Files.readString(vm.paths().qmpLog())).contains("migrate-incoming");
        driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);
    }

    @Test
    void aRestartedDaemonObservesWatchesAndStopsAGuestStartedBeforeIt() throws Exception {
        QemuDriver before = driver();
        Vm vm = vm("survivor", true);
        long pid = before.start(vm.spec(), new Recorder()).pid();

        before.detachAll();
        QemuDriver after = driver();
        Recorder listener = new Recorder();

        assertThat(after.observe(vm.running(), vm.paths())).isEqualTo(new Observation(InstanceStatus.RUNNING, pid,
                null, vm.paths().file("root.qcow2").toAbsolutePath()));
        after.watch(vm.running(), vm.paths(), listener);
        Observation fromOld = before.observe(vm.running(), vm.paths());
        assertThat(fromOld.status()).as("QMP serves one client; the old driver cannot get in")
                .isEqualTo(InstanceStatus.ERROR);
        assertThat(fromOld.reason()).contains("does not answer");
        after.pause(vm.running(), vm.paths());
        until(WAIT, "the new watch reports Paused", () -> listener.saw(InstanceStatus.PAUSED));

        after.stop(vm.running(), vm.paths(), Duration.ofSeconds(5), true);

        assertThat(new QemuPid(pid, vm.instance().uuid()).alive()).isFalse();
        assertThat(vm.paths().qmpSocket()).doesNotExist();
    }

    @Test
    void stopFallsBackToSigkillWhenQmpDoesNotAnswer() throws Exception {
        QemuDriver holder = driver();
        Vm vm = vm("stuck", true);
        Recorder holderListener = new Recorder();
        long pid = holder.start(vm.spec(), holderListener).pid();

        // The holder keeps the only QMP connection, so the other driver's powerdown and quit cannot be sent.
        driver().stop(vm.running(), vm.paths(), Duration.ofSeconds(1), false);

        assertThat(new QemuPid(pid, vm.instance().uuid()).alive()).isFalse();
        assertThat(vm.paths().qmpSocket()).doesNotExist();
        assertThat(vm.paths().pidFile()).doesNotExist();
        until(WAIT, "the holder's watch notices the exit", () -> holderListener.saw(InstanceStatus.STOPPED));
        assertThat(holderListener.reports).containsExactly(new Report("stuck", InstanceStatus.STOPPED, "qemu exited"));
    }

    @Test
    void killedQemuIsReportedStoppedAndItsLeftoversCleanedOnStop() throws Exception {
        QemuDriver driver = driver();
        Vm vm = vm("victim", true);
        Recorder listener = new Recorder();
        long pid = driver.start(vm.spec(), listener).pid();

        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        until(WAIT, "listener hears Stopped", () -> listener.saw(InstanceStatus.STOPPED));
        assertThat(listener.reports).contains(new Report("victim", InstanceStatus.STOPPED, "qemu exited"));
        assertThat(driver.observe(vm.running(), vm.paths()))
                .isEqualTo(new Observation(InstanceStatus.STOPPED, null, "qemu exited"));
        assertThat(driver().observe(vm.running(), vm.paths()).reason())
                .isEqualTo("qemu exited while the daemon was down");
        assertThat(vm.paths().qmpSocket()).as("SIGKILL leaves QEMU's sockets behind").exists();

        driver.stop(vm.running(), vm.paths(), Duration.ofSeconds(1), false);

        assertThat(vm.paths().qmpSocket()).doesNotExist();
        assertThat(vm.paths().pidFile()).doesNotExist();
    }

    @Test
    void failedStartRaisesQemusErrorAndLeavesNothingRunning() throws Exception {
        QemuDriver driver = driver();
        Vm vm = vm("nodisk", false);

        assertThatThrownBy(() -> driver.start(vm.spec(), new Recorder()))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("Could not open")
                .hasMessageContaining("root.qcow2");

        assertThat(qemuProcessesOf(vm.instance().uuid())).isEmpty();
        assertThat(vm.paths().qmpSocket()).doesNotExist();
        assertThat(vm.paths().consoleSocket()).doesNotExist();
        assertThat(driver.observe(vm.instance(), vm.paths()).status()).isEqualTo(InstanceStatus.STOPPED);
    }

    private static List<Long> qemuProcessesOf(UUID uuid) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(pid -> new QemuPid(pid, uuid).alive()).toList();
        }
    }

    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long parentPid(long pid) throws IOException {
        return Long.parseLong(statFields(pid)[1]);
    }

    private static long sessionId(long pid) throws IOException {
        return Long.parseLong(statFields(pid)[3]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
