package dev.vireo.it.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Enforces the module table in docs/architecture.md: who may depend on whom. */
class ModuleDependencyTest {
    private static final JavaClasses VIREO = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vireo");

    @Test
    void modulesDependOnlyAsTheTableAllows() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("dev.vireo.api..")
                .layer("core").definedBy("dev.vireo.core..")
                .layer("qemu").definedBy("dev.vireo.qemu..")
                .layer("storage").definedBy("dev.vireo.storage..")
                .layer("network").definedBy("dev.vireo.network..")
                .layer("cloudinit").definedBy("dev.vireo.cloudinit..")
                .layer("guest").definedBy("dev.vireo.guest..")
                .layer("s3").definedBy("dev.vireo.s3..")
                .layer("state").definedBy("dev.vireo.state..")
                .layer("server").definedBy("dev.vireo.server..")
                .layer("cli").definedBy("dev.vireo.cli..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("qemu").mayOnlyBeAccessedByLayers("server")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("server")
                .whereLayer("network").mayOnlyBeAccessedByLayers("server")
                .whereLayer("cloudinit").mayOnlyBeAccessedByLayers("server")
                .whereLayer("guest").mayOnlyBeAccessedByLayers("server")
                .whereLayer("s3").mayOnlyBeAccessedByLayers("server")
                .whereLayer("state").mayOnlyBeAccessedByLayers("server")
                .whereLayer("core").mayOnlyBeAccessedByLayers("qemu", "storage", "network", "cloudinit", "guest", "state",
                        "server")
                .check(VIREO);
    }

    @Test
    void everyModuleIsPresentSoTheCheckIsNotVacuous() {
        for (String pkg : new String[] {"api", "core", "qemu", "storage", "network", "cloudinit", "guest", "s3", "state", "server", "cli"}) {
            if (VIREO.stream().noneMatch(c -> c.getPackageName().startsWith("dev.vireo." + pkg))) {
                throw new AssertionError("no classes imported from dev.vireo." + pkg);
            }
        }
    }
}
