package dev.vireo.server.rest;

import dev.vireo.api.CloneRequest;
import dev.vireo.api.ExportRequest;
import dev.vireo.api.InstanceImportRequest;
import dev.vireo.api.InstanceUpdateRequest;
import dev.vireo.api.InstanceView;
import dev.vireo.api.LaunchRequest;
import dev.vireo.core.instance.Instance;
import dev.vireo.api.PublishRequest;
import dev.vireo.api.StateRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.instance.InstanceAction;
import dev.vireo.core.instance.InstanceService;
import io.javalin.config.JavalinConfig;
import java.time.Duration;

/** /v1/instances: parse requests into service calls and actions; no policy here. */
public final class InstanceResource {
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    private final InstanceService instances;

    public InstanceResource(InstanceService instances) {
        this.instances = instances;
    }

    private InstanceView view(Instance i) {
        return Views.instance(i, instances.networks().views(i.name()));
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/instances", ctx -> ctx.json(instances.list().stream().map(this::view).toList()));
        config.routes.post("/v1/instances", ctx ->
                ctx.status(202).json(instances.launch(Json.body(ctx, LaunchRequest.class))));
        config.routes.get("/v1/instances/{name}", ctx -> {
            ctx.json(view(instances.get(ctx.pathParam("name"))));
        });
        config.routes.patch("/v1/instances/{name}", ctx -> ctx.json(view(
                instances.update(ctx.pathParam("name"), Json.body(ctx, InstanceUpdateRequest.class)))));
        config.routes.delete("/v1/instances/{name}", ctx -> ctx.status(202).json(
                instances.delete(ctx.pathParam("name"), Boolean.parseBoolean(ctx.queryParam("force")))));
        config.routes.put("/v1/instances/{name}/state", ctx -> ctx.status(202).json(
                instances.act(ctx.pathParam("name"), action(Json.body(ctx, StateRequest.class)))));
        config.routes.get("/v1/instances/{name}/console", ctx -> ctx.json(instances.console(ctx.pathParam("name"))));
        config.routes.get("/v1/instances/{name}/console/log", ctx ->
                ctx.contentType("text/plain; charset=ISO-8859-1").result(instances.consoleLog(ctx.pathParam("name"))));
        config.routes.get("/v1/instances/{name}/ssh", ctx -> ctx.json(instances.ssh(ctx.pathParam("name"))));
        config.routes.post("/v1/instances/{name}/clone", ctx -> ctx.status(202).json(
                instances.clones().clone(ctx.pathParam("name"), Json.body(ctx, CloneRequest.class))));
        config.routes.post("/v1/instances/{name}/publish", ctx -> ctx.status(202).json(
                instances.clones().publish(ctx.pathParam("name"), Json.body(ctx, PublishRequest.class))));
        config.routes.post("/v1/instances/{name}/export", ctx -> ctx.status(202).json(
                instances.appliances().export(ctx.pathParam("name"), Json.body(ctx, ExportRequest.class))));
        config.routes.post("/v1/instances-import", ctx -> ctx.status(202).json(
                instances.appliances().importAppliance(Json.body(ctx, InstanceImportRequest.class))));
    }

    static InstanceAction action(StateRequest req) {
        if (req.action() == null) {
            throw VireoException.invalid("missing action: use start, stop, restart, pause or resume");
        }
        if (req.timeoutSeconds() != null && req.timeoutSeconds() < 0) {
            throw VireoException.invalid("timeout must not be negative");
        }
        Duration timeout = req.timeoutSeconds() == null ? DEFAULT_STOP_TIMEOUT
                : Duration.ofSeconds(req.timeoutSeconds());
        boolean force = Boolean.TRUE.equals(req.force());
        return switch (req.action()) {
            case "start" -> new InstanceAction.Start();
            case "stop" -> new InstanceAction.Stop(timeout, force);
            case "restart" -> new InstanceAction.Restart(timeout, force);
            case "pause" -> new InstanceAction.Pause();
            case "resume" -> new InstanceAction.Resume();
            default -> throw VireoException.invalid("unknown action '" + req.action()
                    + "': use start, stop, restart, pause or resume");
        };
    }
}
