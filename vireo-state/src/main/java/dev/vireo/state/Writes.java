package dev.vireo.state;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Runs writes, turning a unique-key violation (SQLite or PostgreSQL) into ALREADY_EXISTS. */
final class Writes {
    private Writes() {}

    static void execute(Jdbi jdbi, Consumer<Handle> work, String what) {
        try {
            jdbi.useHandle(work::accept);
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, what + " already exists");
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        if (e.getCause() instanceof SQLException sql) {
            String state = sql.getSQLState();
            String msg = String.valueOf(sql.getMessage());
            return "23505".equals(state) || msg.contains("UNIQUE constraint failed")
                    || msg.contains("PRIMARY KEY constraint failed") || msg.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
        }
        return false;
    }
}
