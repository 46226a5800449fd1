package dev.vireo.cli;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place errors become output: {@code vireo: error: MESSAGE} on stderr and the ErrorCode's exit code. */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof VireoException e) {
            err.println("vireo: error: " + e.getMessage());
            err.flush();
            return e.code().exitCode();
        }
        // Anything else is a bug in the CLI: say so, and show where only when asked.
        err.println("vireo: internal error: " + ex);
        if (System.getenv("VIREO_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("Set VIREO_DEBUG=1 to see the stack trace.");
        }
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }
}
