package dev.vireo.server.rest;

import dev.vireo.api.ImageBuildRequest;
import dev.vireo.api.ImageImportRequest;
import dev.vireo.core.image.ImageService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/** /v1/images: list, show, import, build, delete. Aliases may contain '/', so the path tail is the alias. */
public final class ImageResource {
    private final ImageService images;

    public ImageResource(ImageService images) {
        this.images = images;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/images", ctx -> ctx.json(images.list().stream()
                .map(i -> Views.image(i, images.usedBy(i))).toList()));
        config.routes.get("/v1/images/<alias>", ctx -> {
            var image = images.get(alias(ctx));
            ctx.json(Views.image(image, images.usedBy(image)));
        });
        config.routes.post("/v1/images", ctx -> {
            ImageImportRequest req = Json.body(ctx, ImageImportRequest.class);
            ctx.status(202).json(images.importDisk(req.source(), req.alias(), req.sha256()));
        });
        config.routes.post("/v1/images-build", ctx -> {
            ImageBuildRequest req = Json.body(ctx, ImageBuildRequest.class);
            ctx.status(202).json(images.build(req.recipe(), Boolean.TRUE.equals(req.rebuild())));
        });
        config.routes.delete("/v1/images/<alias>", ctx -> {
            images.delete(alias(ctx));
            ctx.json(Map.of());
        });
    }

    private static String alias(Context ctx) {
        return ctx.pathParam("alias");
    }
}
