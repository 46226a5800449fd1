package dev.vireo.core.seed;

import java.nio.file.Path;

/** SPI: writes a NoCloud seed as an ISO 9660 image with volume id {@code cidata}. */
public interface SeedWriter {
    void writeIso(NoCloudSeed seed, Path iso);
}
