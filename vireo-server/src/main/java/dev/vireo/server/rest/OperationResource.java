package dev.vireo.server.rest;

import dev.vireo.api.VireoException;
import dev.vireo.core.op.OperationManager;
import io.javalin.config.JavalinConfig;
import java.time.Duration;

/** /v1/operations: list, show, and a blocking wait. */
public final class OperationResource {
    private static final int MAX_WAIT_SECONDS = 600;
    private final OperationManager operations;

    public OperationResource(OperationManager operations) {
        this.operations = operations;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/operations", ctx -> ctx.json(operations.list()));
        config.routes.get("/v1/operations/{id}", ctx -> ctx.json(operations.get(ctx.pathParam("id"))));
        config.routes.get("/v1/operations/{id}/wait", ctx -> {
            double seconds = parseTimeout(ctx.queryParam("timeout"));
            ctx.json(operations.await(ctx.pathParam("id"), Duration.ofMillis((long) (seconds * 1000))));
        });
    }

    private static double parseTimeout(String text) {
        if (text == null) {
            return MAX_WAIT_SECONDS;
        }
        try {
            double v = Double.parseDouble(text);
            if (v < 0 || v > MAX_WAIT_SECONDS || Double.isNaN(v)) {
                throw VireoException.invalid("timeout must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
            }
            return v;
        } catch (NumberFormatException e) {
            throw VireoException.invalid("invalid timeout '" + text + "'");
        }
    }
}
