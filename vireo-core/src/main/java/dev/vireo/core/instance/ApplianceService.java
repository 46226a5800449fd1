package dev.vireo.core.instance;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.ExportRequest;
import dev.vireo.api.InstanceImportRequest;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.OperationView;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.appliance.ApplianceExport;
import dev.vireo.core.appliance.ApplianceFormat;
import dev.vireo.core.appliance.ApplianceImport;
import dev.vireo.core.op.Progress;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Instances to and from virtual appliances (OVA/OVF): the format is the backend's, the policy is here. */
public final class ApplianceService {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    private final InstanceService instances;
    private final InstanceRunner runner;
    private final ApplianceFormat format;

    ApplianceService(InstanceService instances, InstanceRunner runner, ApplianceFormat format) {
        this.instances = instances;
        this.runner = runner;
        this.format = format;
    }

    public OperationView export(String name, ExportRequest req) {
        Instance instance = instances.get(name);
        Path target = hostPath(req == null ? null : req.path(), "export target");
        if (!target.getFileName().toString().endsWith(".ova")) {
            throw VireoException.invalid("export target " + target + " must end in .ova");
        }
        if (Files.exists(target)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, target + " already exists");
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw VireoException.invalid("directory " + target.getParent() + " does not exist");
        }
        if (instance.profile() == null) {
            throw Lifecycle.refused(name, instance.status(), "be exported while it is being created");
        }
        return instances.operations().submit("export " + name, Map.of("instance", name), progress -> {
            try (InstanceLocks.Held held = instances.locks().lock(name)) {
                Instance current = instances.get(name);
                try (CloneService.ConsistentLayer layer = instances.clones().consistentLayer(current, null,
                        progress)) {
                    GuestProfile p = current.profile();
                    format.export(new ApplianceExport(name, "Exported by Vireo from instance " + name,
                            current.spec().cpus(), current.spec().memoryBytes(), current.spec().macAddress(),
                            layer.file(), current.spec().diskBytes(), p.kernel(), p.initrd(), p.cmdline()),
                            target, progress);
                }
            }
        });
    }

    public OperationView importAppliance(InstanceImportRequest req) {
        String name = Names.instance(req == null ? null : req.name());
        Path source = hostPath(req.source(), "appliance");
        String file = source.getFileName().toString();
        if (!file.endsWith(".ova") && !file.endsWith(".ovf")) {
            throw VireoException.invalid(source + " is not an .ova or .ovf file");
        }
        if (!Files.isRegularFile(source)) {
            throw VireoException.notFound("appliance " + source);
        }
        InstanceSpec reservation = new InstanceSpec(1, LaunchPlan.MIN_MEMORY, 1, Accelerator.AUTO,
                java.util.List.of(), null, LaunchPlan.randomMac());
        Instance reserved = instances.reserve(name, file, reservation, "importing " + file);
        return instances.submitForReserved(reserved, "import " + name + " from " + file,
                progress -> importInto(source, reserved, progress));
    }

    private void importInto(Path source, Instance reserved, Progress progress) {
        InstancePaths to = runner.paths(reserved.name());
        Path work = to.dir().resolveSibling("." + reserved.name() + ".import-" + UUID.randomUUID());
        try (InstanceLocks.Held held = instances.locks().lock(reserved.name()); Reverter reverter = new Reverter()) {
            reverter.add(instances.unreserve(reserved, "import failed"));
            instances.giveNics(reserved, instances.networks().checkLaunch(null), reverter);
            Files2.createDirectories(work);
            ApplianceImport appliance = format.open(source, work, InstanceService.scaled(progress, 0, 0.9, ""));
            appliance.warnings().forEach(progress::warn);
            if (appliance.disks().isEmpty()) {
                throw VireoException.invalid(source + " has no disk");
            }
            for (int i = 1; i < appliance.disks().size(); i++) {
                progress.warn("disk " + (i + 1) + " of " + appliance.disks().size()
                        + " not attached: instances have one disk until block volumes arrive");
            }
            Files2.createDirectories(to.dir());
            reverter.add(() -> Files2.deleteTree(to.dir()));
            Path root = to.file(InstancePaths.FIRST_LAYER);
            move(appliance.disks().getFirst(), root);
            Path kernel = appliance.kernel() == null ? null : move(appliance.kernel(), to.file("vmlinuz"));
            Path initrd = appliance.initrd() == null ? null : move(appliance.initrd(), to.file("initrd.img"));
            GuestProfile profile = new GuestProfile(kernel == null ? null : kernel.toAbsolutePath(),
                    initrd == null ? null : initrd.toAbsolutePath(), appliance.cmdline(), null, true,
                    DefaultUser.of(""));
            InstanceSpec spec = spec(appliance, instances.pool().virtualSize(root), progress);
            Instance created = new Instance(reserved.name(), reserved.uuid(), reserved.type(), reserved.image(), null,
                    spec, InstanceStatus.STOPPED, null, null, null, null, reserved.createdAt(), profile,
                    InstancePaths.FIRST_LAYER, null);
            instances.writeSeed(created, to);
            // the same appliance may be imported many times: each instance is a copy with its own identity
            InstanceService.markIdentityPending(to);
            runner.record(reserved, created);
            reverter.success();
        } finally {
            Files2.deleteTree(work);
        }
    }

    /** The appliance's hardware within this host's limits; a MAC another instance has is replaced. */
    private InstanceSpec spec(ApplianceImport a, long diskBytes, Progress progress) {
        int cores = instances.host().cores();
        int cpus = Math.max(1, a.cpus());
        if (cpus > cores) {
            progress.warn(cpus + " cpus asked for; this host has " + cores + ", the instance gets " + cores);
            cpus = cores;
        }
        long memory = a.memoryBytes() <= 0 ? LaunchPlan.DEFAULT_MEMORY : Math.max(a.memoryBytes(),
                LaunchPlan.MIN_MEMORY);
        long hostMemory = instances.host().memoryBytes();
        if (hostMemory > 0 && memory > hostMemory) {
            throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, "the appliance needs " + Sizes.format(memory)
                    + " of memory; this host has " + Sizes.format(hostMemory));
        }
        String given = a.macAddresses().stream().filter(m -> m != null && MAC.matcher(m.toLowerCase(Locale.ROOT))
                .matches()).findFirst().map(m -> m.toLowerCase(Locale.ROOT)).orElse(null);
        String mac = given;
        if (given != null && instances.state().listInstances().stream()
                .anyMatch(i -> i.spec().macAddress().equals(given))) {
            progress.warn("MAC " + given + " is used by another instance; a new one was chosen");
            mac = null;
        }
        for (int i = 1; i < a.macAddresses().size(); i++) {
            progress.warn("NIC " + (i + 1) + " of " + a.macAddresses().size()
                    + " not attached: instances have one NIC until managed networks arrive");
        }
        return new InstanceSpec(cpus, memory, diskBytes, Accelerator.AUTO, java.util.List.of(), null,
                mac != null ? mac : LaunchPlan.randomMac());
    }

    static Path hostPath(String path, String what) {
        if (path == null || path.isBlank()) {
            throw VireoException.invalid("no " + what + " path given");
        }
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw VireoException.invalid(what + " path '" + path + "' must be absolute (the daemon resolves it)");
        }
        return p.normalize();
    }

    private static Path move(Path from, Path to) {
        try {
            return Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }
}
