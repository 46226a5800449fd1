package dev.vireo.core.fakes;

import dev.vireo.core.appliance.ApplianceExport;
import dev.vireo.core.appliance.ApplianceFormat;
import dev.vireo.core.appliance.ApplianceImport;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** ApplianceFormat writing a one-line .ova and reading any file back as a 2-cpu, 512 MiB appliance with one disk. */
public final class FakeApplianceFormat implements ApplianceFormat {
    @Override
    public void export(ApplianceExport export, Path target, Progress progress) {
        try {
            Files.writeString(target, "ova of " + export.name() + " disk " + export.disk().getFileName() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ApplianceImport open(Path source, Path workDir, Progress progress) {
        try {
            Path disk = Files.writeString(workDir.resolve("disk0.qcow2"), "disk from " + source.getFileName());
            return new ApplianceImport("appliance", 2, 512L << 20, List.of(disk), List.of("52:54:00:12:34:56"), null,
                    null, null, List.of("item 'usb' (ResourceType 23) not supported; skipped"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
