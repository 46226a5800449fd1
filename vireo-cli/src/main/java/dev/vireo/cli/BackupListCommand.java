package dev.vireo.cli;

import dev.vireo.api.BackupView;
import dev.vireo.api.Sizes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List backups, oldest first.",
        footer = {"", "BASE is the backup an incremental one builds on, in the same directory;",
            "SIZE is the file's size on the daemon's host.",
            "", "Examples:", "  vireo backup list", "  vireo backup list demo --json"})
final class BackupListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INSTANCE", arity = "0..1", description = "Only this instance's backups.")
    String instance;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<BackupView> backups = client.connect().backups(instance);
        Table table = new Table("INSTANCE", "FILE", "KIND", "BASE", "SIZE", "CREATED");
        return json.printTable(spec.commandLine().getOut(), backups, table, b -> new Object[] {
                b.instance(), b.file(), b.incremental() ? "incremental" : "full", fileName(b.base()),
                Sizes.format(b.sizeBytes()), Formats.time(b.createdAt())});
    }

    private static String fileName(String path) {
        if (path == null) {
            return null;
        }
        Path name = Path.of(path).getFileName();
        return name == null ? path : name.toString();
    }
}
