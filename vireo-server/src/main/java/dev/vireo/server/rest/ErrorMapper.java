package dev.vireo.server.rest;

import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place errors become HTTP: status from the ErrorCode, body the ErrorBody. */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    static void install(JavalinConfig config) {
        config.routes.exception(VireoException.class, (e, ctx) -> {
            ctx.status(e.code().httpStatus()).json(e.body());
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            ErrorCode code = e.getStatus() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_ARGUMENT;
            ctx.status(e.getStatus()).json(new ErrorBody(code, e.getMessage()));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            ctx.status(500).json(new ErrorBody(ErrorCode.INTERNAL, message));
        });
        config.routes.error(405, ctx -> ctx.json(new ErrorBody(ErrorCode.INVALID_ARGUMENT,
                "method " + ctx.method() + " not allowed on " + ctx.path())));
    }
}
