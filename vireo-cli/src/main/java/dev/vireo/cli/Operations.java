package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.client.VireoClient;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Waits for an operation with progress on stderr; a failed operation is thrown as its error.
 * A successful one's warnings are printed on stderr, once the bar is gone.
 */
final class Operations {
    private Operations() {}

    static OperationView await(CommandSpec spec, VireoClient client, OperationView op, String label) {
        Terminal terminal = VireoCli.terminal(spec);
        int columns = terminal.stderrTty() ? Terminal.columns() : 0;
        PrintWriter err = spec.commandLine().getErr();
        OperationView done;
        try (ProgressReporter progress = new ProgressReporter(err, label, terminal.stderrTty(), columns)) {
            done = client.await(op, progress);
        }
        for (String warning : done.warnings()) {
            err.println("vireo: warning: " + warning);
        }
        err.flush();
        return done;
    }

    /** The common verb: wait for {@code op} showing {@code label}, then print {@code result} on stdout. */
    static int complete(CommandSpec spec, VireoClient client, OperationView op, String label, String result) {
        await(spec, client, op, label);
        PrintWriter out = spec.commandLine().getOut();
        out.println(result);
        out.flush();
        return 0;
    }
}
