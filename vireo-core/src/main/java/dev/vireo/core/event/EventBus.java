package dev.vireo.core.event;

import dev.vireo.api.EventView;
import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fan-out of lifecycle events to subscribers (the /v1/events streams). */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final CopyOnWriteArrayList<Consumer<EventView>> subscribers = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    public AutoCloseable subscribe(Consumer<EventView> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(String type, String resource, String status, String message) {
        EventView event = new EventView(type, resource, status, message, clock.instant());
        LOG.debug("event {}", event);
        for (Consumer<EventView> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                subscribers.remove(s);
            }
        }
    }
}
