package dev.vireo.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.EventView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private final EventBus bus = new EventBus(Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void everySubscriberReceivesEachEventStampedByTheClock() {
        List<EventView> a = new CopyOnWriteArrayList<>();
        List<EventView> b = new CopyOnWriteArrayList<>();
        bus.subscribe(a::add);
        bus.subscribe(b::add);

        bus.publish("instance-status", "web1", "Running", null);

        EventView expected = new EventView("instance-status", "web1", "Running", null, T0);
        assertThat(a).containsExactly(expected);
        assertThat(b).containsExactly(expected);
    }

    @Test
    void eventsArriveInPublishOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> seen.add(e.status()));

        bus.publish("instance-status", "web1", "Starting", null);
        bus.publish("instance-status", "web1", "Running", null);
        bus.publish("instance-status", "web1", "Stopped", "guest shut down");

        assertThat(seen).containsExactly("Starting", "Running", "Stopped");
    }

    @Test
    void closingTheSubscriptionStopsDelivery() throws Exception {
        List<EventView> seen = new CopyOnWriteArrayList<>();
        AutoCloseable subscription = bus.subscribe(seen::add);
        bus.publish("image-created", "tiny", null, "abc");

        subscription.close();
        bus.publish("image-deleted", "tiny", null, null);

        assertThat(seen).extracting(EventView::type).containsExactly("image-created");
    }

    @Test
    void aThrowingSubscriberIsDroppedWithoutHurtingTheOthers() {
        List<EventView> healthy = new CopyOnWriteArrayList<>();
        List<EventView> broken = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> {
            broken.add(e);
            throw new IllegalStateException("client gone");
        });
        bus.subscribe(healthy::add);

        bus.publish("instance-created", "web1", "Stopped", null);
        bus.publish("instance-deleted", "web1", null, null);

        assertThat(healthy).hasSize(2);
        assertThat(broken).hasSize(1);
    }
}
