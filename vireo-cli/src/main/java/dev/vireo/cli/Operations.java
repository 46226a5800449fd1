package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.client.VireoClient;
import picocli.CommandLine.Model.CommandSpec;

/** Waits for an operation with progress on stderr; a failed operation is thrown as its error. */
final class Operations {
    private Operations() {}

    static OperationView await(CommandSpec spec, VireoClient client, OperationView op, String label) {
        Terminal terminal = VireoCli.terminal(spec);
        int columns = terminal.stderrTty() ? Terminal.columns() : 0;
        try (ProgressReporter progress = new ProgressReporter(spec.commandLine().getErr(), label,
                terminal.stderrTty(), columns)) {
            return client.await(op, progress);
        }
    }
}
