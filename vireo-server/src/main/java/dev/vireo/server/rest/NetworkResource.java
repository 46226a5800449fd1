package dev.vireo.server.rest;

import dev.vireo.api.ForwardRequest;
import dev.vireo.api.GroupAttachRequest;
import dev.vireo.api.NetworkRequest;
import dev.vireo.api.RuleRequest;
import dev.vireo.api.SecurityGroupRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.network.NetworkService;
import dev.vireo.core.network.SecurityGroups;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * /v1/networks (with their port forwards), /v1/security-groups (with their rules) and an
 * instance's NICs and the groups on them. These calls are synchronous: each returns the resource
 * as it now is.
 */
public final class NetworkResource {
    private final NetworkService networks;
    private final SecurityGroups groups;

    public NetworkResource(NetworkService networks) {
        this.networks = networks;
        this.groups = networks.securityGroups();
    }

    void routes(JavalinConfig config) {
        config.routes.get("/v1/networks", ctx -> ctx.json(networks.list()));
        config.routes.post("/v1/networks", ctx -> ctx.status(201).json(networks.create(
                Json.body(ctx, NetworkRequest.class))));
        config.routes.get("/v1/networks/{name}", ctx -> ctx.json(networks.get(ctx.pathParam("name"))));
        config.routes.delete("/v1/networks/{name}", ctx -> {
            networks.delete(ctx.pathParam("name"));
            ctx.status(204);
        });
        config.routes.get("/v1/networks/{name}/forwards", ctx -> ctx.json(networks.forwards(ctx.pathParam("name"))));
        config.routes.post("/v1/networks/{name}/forwards", ctx -> ctx.status(201).json(networks.addForward(
                ctx.pathParam("name"), Json.body(ctx, ForwardRequest.class))));
        config.routes.delete("/v1/networks/{name}/forwards/{listen}", ctx -> {
            networks.removeForward(ctx.pathParam("name"), ctx.pathParam("listen"), ctx.queryParam("proto"));
            ctx.status(204);
        });

        config.routes.get("/v1/security-groups", ctx -> ctx.json(groups.list()));
        config.routes.post("/v1/security-groups", ctx -> ctx.status(201).json(groups.create(
                Json.body(ctx, SecurityGroupRequest.class))));
        config.routes.get("/v1/security-groups/{name}", ctx -> ctx.json(groups.get(ctx.pathParam("name"))));
        config.routes.delete("/v1/security-groups/{name}", ctx -> {
            groups.delete(ctx.pathParam("name"));
            ctx.status(204);
        });
        config.routes.post("/v1/security-groups/{name}/rules", ctx -> ctx.json(groups.addRule(ctx.pathParam("name"),
                Json.body(ctx, RuleRequest.class).allow())));
        config.routes.delete("/v1/security-groups/{name}/rules", ctx -> ctx.json(groups.removeRule(
                ctx.pathParam("name"), required(ctx, "allow"))));

        config.routes.get("/v1/instances/{name}/nics", ctx -> ctx.json(networks.instanceNics(ctx.pathParam("name"))));
        config.routes.post("/v1/instances/{name}/security-groups", ctx -> {
            GroupAttachRequest req = Json.body(ctx, GroupAttachRequest.class);
            ctx.json(groups.attach(ctx.pathParam("name"), req.group(), req.nic()));
        });
        config.routes.delete("/v1/instances/{name}/security-groups/{group}", ctx -> ctx.json(groups.detach(
                ctx.pathParam("name"), ctx.pathParam("group"), ctx.queryParam("nic"))));
    }

    private static String required(Context ctx, String param) {
        String value = ctx.queryParam(param);
        if (value == null || value.isBlank()) {
            throw VireoException.invalid("query parameter '" + param + "' is required");
        }
        return value;
    }
}
