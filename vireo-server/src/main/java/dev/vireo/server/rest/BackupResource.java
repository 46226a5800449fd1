package dev.vireo.server.rest;

import dev.vireo.api.BackupRequest;
import dev.vireo.api.RestoreRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.instance.BackupService;
import io.javalin.config.JavalinConfig;

/** /v1/instances/{name}/backups and /v1/backups: backups of root disks and restores from them. */
public final class BackupResource {
    private final BackupService backups;

    public BackupResource(BackupService backups) {
        this.backups = backups;
    }

    void routes(JavalinConfig config) {
        config.routes.post("/v1/instances/{name}/backups", ctx -> {
            BackupRequest req = Json.body(ctx, BackupRequest.class);
            ctx.status(202).json(backups.create(ctx.pathParam("name"), Boolean.TRUE.equals(req.incremental())));
        });
        config.routes.get("/v1/instances/{name}/backups", ctx -> ctx.json(backups.list(ctx.pathParam("name"))));
        config.routes.get("/v1/backups", ctx -> ctx.json(backups.list(ctx.queryParam("instance"))));
        config.routes.post("/v1/backups/restore", ctx -> {
            RestoreRequest req = Json.body(ctx, RestoreRequest.class);
            ctx.status(202).json(backups.restore(req.file(), req.name()));
        });
        config.routes.delete("/v1/backups", ctx -> {
            String file = ctx.queryParam("file");
            if (file == null) {
                throw VireoException.invalid("give the backup file: DELETE /v1/backups?file=PATH");
            }
            backups.delete(file);
            ctx.status(204);
        });
    }
}
