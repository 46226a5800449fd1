package dev.vireo.cli;

import dev.vireo.api.BackupRequest;
import dev.vireo.api.BackupView;
import dev.vireo.api.OperationView;
import dev.vireo.api.client.VireoClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create",
        description = {"Back up an instance's root disk, running or stopped, to a qcow2 file on the daemon's host.",
            "With --incremental only what changed since the instance's last backup is copied (it must run)."},
        footer = {"", "Examples:", "  vireo backup create demo", "  vireo backup create demo --incremental"})
final class BackupCreateCommand implements Callable<Integer> {
    /** How the daemon's last progress text names the file it wrote. */
    static final String WRITTEN_TO = "backup written to ";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INSTANCE", description = "Instance name.")
    String instance;

    @Option(names = "--incremental", description = "Copy only what changed since the last backup of this instance.")
    boolean incremental;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        OperationView op = vireo.createBackup(instance, new BackupRequest(incremental));
        OperationView done = Operations.await(spec, vireo, op, "Backing up " + instance);
        String file = writtenFile(done).orElse(null);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled || file == null) {
            BackupView backup = made(vireo.backups(instance), file);
            if (json.print(out, backup)) {
                return 0;
            }
            file = backup == null ? null : backup.file();
        }
        out.println("Backed up " + instance + (incremental ? " incrementally" : "")
                + (file == null ? "" : " to " + file));
        out.flush();
        return 0;
    }

    static Optional<String> writtenFile(OperationView done) {
        String text = done.progressText();
        return text != null && text.startsWith(WRITTEN_TO)
                ? Optional.of(text.substring(WRITTEN_TO.length()).strip()) : Optional.empty();
    }

    /** The backup just made: the one at {@code file} when known, else the newest (the list is oldest first). */
    private static BackupView made(List<BackupView> backups, String file) {
        if (file != null) {
            return backups.stream().filter(b -> file.equals(b.file())).findFirst().orElse(null);
        }
        return backups.isEmpty() ? null : backups.getLast();
    }
}
