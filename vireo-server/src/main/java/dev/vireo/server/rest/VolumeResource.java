package dev.vireo.server.rest;

import dev.vireo.api.AttachRequest;
import dev.vireo.api.PoolRequest;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.VireoException;
import dev.vireo.api.VolumeRequest;
import dev.vireo.api.VolumeUpdateRequest;
import dev.vireo.core.volume.VolumeService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * /v1/storage-pools, /v1/volumes (with their snapshots) and /v1/instances/{name}/volumes
 * (attachments). These calls are synchronous: each returns the resource as it now is.
 */
public final class VolumeResource {
    /** How long a guest may take to release a volume when the request does not say. */
    static final Duration DEFAULT_DETACH_TIMEOUT = Duration.ofSeconds(30);

    private final VolumeService volumes;

    public VolumeResource(VolumeService volumes) {
        this.volumes = volumes;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/storage-pools", ctx -> ctx.json(volumes.listPools()));
        config.routes.post("/v1/storage-pools", ctx -> {
            PoolRequest req = Json.body(ctx, PoolRequest.class);
            ctx.status(201).json(volumes.createPool(req.name(), req.driver(), req.source()));
        });
        config.routes.get("/v1/storage-pools/{name}", ctx -> ctx.json(volumes.pool(ctx.pathParam("name"))));
        config.routes.delete("/v1/storage-pools/{name}", ctx -> {
            volumes.deletePool(ctx.pathParam("name"));
            ctx.status(204);
        });

        config.routes.get("/v1/volumes", ctx -> ctx.json(volumes.list()));
        config.routes.post("/v1/volumes", ctx -> {
            VolumeRequest req = Json.body(ctx, VolumeRequest.class);
            if (req.source() != null) {
                if (req.size() != null || req.pool() != null) {
                    throw VireoException.invalid("a copy takes its size and pool from its source; give neither");
                }
                ctx.status(201).json(volumes.copy(req.name(), req.source(), req.snapshot()));
            } else {
                if (req.snapshot() != null) {
                    throw VireoException.invalid("snapshot needs a source volume");
                }
                ctx.status(201).json(volumes.create(req.name(), req.size(), req.pool()));
            }
        });
        config.routes.get("/v1/volumes/{name}", ctx -> ctx.json(volumes.get(ctx.pathParam("name"))));
        config.routes.patch("/v1/volumes/{name}", ctx -> ctx.json(volumes.resize(ctx.pathParam("name"),
                Json.body(ctx, VolumeUpdateRequest.class).size())));
        config.routes.delete("/v1/volumes/{name}", ctx -> {
            volumes.delete(ctx.pathParam("name"));
            ctx.status(204);
        });
        config.routes.post("/v1/volumes/{name}/snapshots", ctx -> {
            SnapshotRequest req = Json.body(ctx, SnapshotRequest.class);
            if (Boolean.TRUE.equals(req.memory())) {
                throw VireoException.invalid("volumes have no memory to snapshot");
            }
            ctx.status(201).json(volumes.snapshot(ctx.pathParam("name"), req.name()));
        });
        config.routes.delete("/v1/volumes/{name}/snapshots/{snap}", ctx -> ctx.json(
                volumes.deleteSnapshot(ctx.pathParam("name"), ctx.pathParam("snap"))));
        config.routes.post("/v1/volumes/{name}/snapshots/{snap}/restore", ctx -> ctx.json(
                volumes.restore(ctx.pathParam("name"), ctx.pathParam("snap"))));

        config.routes.get("/v1/instances/{name}/volumes", ctx -> {
            String instance = ctx.pathParam("name");
            ctx.json(volumes.list().stream().filter(v -> instance.equals(v.instance())).toList());
        });
        config.routes.post("/v1/instances/{name}/volumes", ctx -> ctx.json(volumes.attach(ctx.pathParam("name"),
                Json.body(ctx, AttachRequest.class).volume(), null)));
        config.routes.delete("/v1/instances/{name}/volumes/{volume}", ctx -> ctx.json(volumes.detach(
                ctx.pathParam("name"), ctx.pathParam("volume"), timeout(ctx))));
    }

    private static Duration timeout(Context ctx) {
        String given = ctx.queryParam("timeout");
        if (given == null) {
            return DEFAULT_DETACH_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(given);
            if (seconds < 1 || seconds > 3600) {
                throw VireoException.invalid("timeout must be 1-3600 seconds, not " + given);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw VireoException.invalid("timeout must be a number of seconds, not '" + given + "'");
        }
    }
}
