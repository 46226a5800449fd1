package dev.vireo.storage.ova;

import dev.vireo.core.appliance.ApplianceExport;
import dev.vireo.core.appliance.ApplianceFormat;
import dev.vireo.core.appliance.ApplianceImport;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.QemuImg;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Virtual appliances as OVA (a tar of an OVF 2.0 descriptor, a streamOptimized VMDK and a SHA256
 * manifest) and, on import, also OVF 1.x packages from VMware and VirtualBox and bare .ovf files
 * with their disks beside them. See docs/ova.md for what is mapped and what is refused.
 *
 * <p>Import warnings (hardware items that were skipped, files no manifest covers) are returned in
 * {@link ApplianceImport#warnings()}; they are not also sent to {@link Progress#warn}.
 */
public final class OvaFormat implements ApplianceFormat {
    private final OvaExporter exporter;
    private final OvaImporter importer;

    public OvaFormat() {
        this(new QemuImg());
    }

    public OvaFormat(QemuImg qemuImg) {
        this(qemuImg, Clock.systemUTC());
    }

    /** {@code clock} stamps the tar members' modification times. */
    OvaFormat(QemuImg qemuImg, Clock clock) {
        Objects.requireNonNull(qemuImg);
        this.exporter = new OvaExporter(qemuImg, Objects.requireNonNull(clock));
        this.importer = new OvaImporter(qemuImg);
    }

    @Override
    public void export(ApplianceExport export, Path target, Progress progress) {
        exporter.export(export, target, progress);
    }

    /** The returned disks, kernel and initrd all lie inside {@code workDir}. */
    @Override
    public ApplianceImport open(Path source, Path workDir, Progress progress) {
        return importer.open(source, workDir, progress);
    }

    /** Progress of a part mapped onto [from, to] of the whole; unknown (negative) stays at {@code from}. */
    static Progress span(Progress whole, double from, double to) {
        return new Progress() {
            @Override
            public void update(double fraction, String text) {
                whole.update(fraction < 0 ? from : from + Math.min(1, fraction) * (to - from), text);
            }

            @Override
            public void warn(String warning) {
                whole.warn(warning);
            }
        };
    }
}
