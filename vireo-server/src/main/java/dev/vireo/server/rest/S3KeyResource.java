package dev.vireo.server.rest;

import dev.vireo.api.S3Key;
import dev.vireo.api.VireoException;
import dev.vireo.s3.auth.AccessKeyPair;
import dev.vireo.s3.auth.AccessKeys;
import io.javalin.config.JavalinConfig;

/** /v1/s3/keys: access keys of the S3 endpoint. The secret is shown once, when the key is made. */
public final class S3KeyResource {
    private final AccessKeys keys;

    public S3KeyResource(AccessKeys keys) {
        this.keys = keys;
    }

    void routes(JavalinConfig config) {
        config.routes.post("/v1/s3/keys", ctx -> {
            AccessKeyPair pair = keys.create();
            ctx.status(201).json(new S3Key(pair.accessKeyId(), pair.secret()));
        });
        config.routes.get("/v1/s3/keys", ctx -> ctx.json(keys.list().stream().map(id -> new S3Key(id, null))
                .toList()));
        config.routes.delete("/v1/s3/keys/{id}", ctx -> {
            if (!keys.delete(ctx.pathParam("id"))) {
                throw VireoException.notFound("s3 access key " + ctx.pathParam("id"));
            }
            ctx.status(204);
        });
    }
}
