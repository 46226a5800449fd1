package dev.vireo.cli;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.api.client.VireoClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Applies one lifecycle change to several instances in turn. A failure on one is reported and
 * the rest still run; the exit code is the first failure's. An unreachable daemon stops the batch.
 */
final class InstanceBatch {
    private InstanceBatch() {}

    static int run(CommandSpec spec, VireoClient client, List<String> names,
                   Function<String, OperationView> submit, String doing, String done) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = 0;
        for (String name : names) {
            try {
                Operations.await(spec, client, submit.apply(name), doing + " " + name);
                out.println(done + " " + name);
                out.flush();
            } catch (VireoException e) {
                if (names.size() == 1 || e.code() == ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                err.println("vireo: error: " + e.getMessage());
                err.flush();
                exit = exit == 0 ? e.code().exitCode() : exit;
            }
        }
        return exit;
    }
}
