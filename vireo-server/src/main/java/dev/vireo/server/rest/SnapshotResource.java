package dev.vireo.server.rest;

import dev.vireo.api.SnapshotRequest;
import dev.vireo.core.instance.SnapshotService;
import io.javalin.config.JavalinConfig;

/** /v1/instances/{name}/snapshots: parse requests into snapshot service calls. */
public final class SnapshotResource {
    private final SnapshotService snapshots;

    public SnapshotResource(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/instances/{name}/snapshots", ctx -> ctx.json(snapshots.list(ctx.pathParam("name"))));
        config.routes.post("/v1/instances/{name}/snapshots", ctx -> ctx.status(202).json(
                snapshots.create(ctx.pathParam("name"), Json.body(ctx, SnapshotRequest.class))));
        config.routes.get("/v1/instances/{name}/snapshots/{snap}", ctx -> ctx.json(
                snapshots.get(ctx.pathParam("name"), ctx.pathParam("snap"))));
        config.routes.delete("/v1/instances/{name}/snapshots/{snap}", ctx -> ctx.status(202).json(
                snapshots.delete(ctx.pathParam("name"), ctx.pathParam("snap"))));
        config.routes.post("/v1/instances/{name}/snapshots/{snap}/restore", ctx -> ctx.status(202).json(
                snapshots.restore(ctx.pathParam("name"), ctx.pathParam("snap"))));
    }
}
