package dev.vireo.server.rest;

import dev.vireo.api.VireoException;
import dev.vireo.core.event.EventBus;
import io.javalin.config.JavalinConfig;

/** GET /v1/events: lifecycle events as Server-Sent Events, one JSON EventView per event. */
public final class EventResource {
    private final EventBus events;

    public EventResource(EventBus events) {
        this.events = events;
    }

    void routes(JavalinConfig config) {
        config.routes.before("/v1/events", ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw VireoException.invalid("/v1/events is a Server-Sent Events stream: send "
                        + "'Accept: text/event-stream' (curl -N -H 'Accept: text/event-stream' ...)");
            }
        });
        config.routes.sse("/v1/events", client -> {
            client.keepAlive();
            AutoCloseable subscription = events.subscribe(e -> {
                if (client.terminated()) {
                    throw new IllegalStateException("client gone");
                }
                client.sendEvent(e.type(), e);
            });
            client.onClose(() -> {
                try {
                    subscription.close();
                } catch (Exception ignored) {
                    // unsubscribing cannot fail
                }
            });
        });
    }
}
