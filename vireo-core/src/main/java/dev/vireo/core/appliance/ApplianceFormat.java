package dev.vireo.core.appliance;

import dev.vireo.core.op.Progress;
import java.nio.file.Path;

/**
 * SPI: virtual appliances (OVF 2.x envelopes in OVA tarballs). Export writes a whole file or
 * nothing; open verifies before anything is used and reports hardware it cannot map item by item.
 */
public interface ApplianceFormat {
    /** Writes {@code target} (.ova): OVF descriptor first, the disk as streamOptimized VMDK, a SHA256 manifest. */
    void export(ApplianceExport export, Path target, Progress progress);

    /**
     * Reads an .ova or .ovf (with its files beside it): safe extraction into {@code workDir},
     * manifest digests (SHA1 and SHA256) checked, descriptor parsed, every disk converted to a
     * standalone qcow2 inside {@code workDir}. The caller owns {@code workDir} and deletes it.
     */
    ApplianceImport open(Path source, Path workDir, Progress progress);
}
