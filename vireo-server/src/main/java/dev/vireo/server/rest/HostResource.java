package dev.vireo.server.rest;

import dev.vireo.api.HostInfo;
import io.javalin.config.JavalinConfig;
import java.util.function.Supplier;

/** GET /v1/host. */
public final class HostResource {
    private final Supplier<HostInfo> info;

    public HostResource(Supplier<HostInfo> info) {
        this.info = info;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/host", ctx -> ctx.json(info.get()));
    }
}
