package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ApiFixture api;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Thread reader;

    @BeforeEach
    void start() {
        api = new ApiFixture(dir);
    }

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.interrupt();
        }
        api.close();
    }

    /** Opens /v1/events and returns once the stream delivers events (a probe published until one arrives). */
    private void subscribe() {
        reader = Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<Stream<String>> r = api.http.send(api.request("/v1/events")
                        .header("Accept", "text/event-stream").GET().build(),
                        BodyHandlers.ofLines());
                r.body().forEach(lines::add);
            } catch (IOException | UncheckedIOException | InterruptedException e) {
                // the test is over and closed the stream
            }
        });
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            api.core.events.publish("probe", "test", null, null);
            return lines.stream().anyMatch(l -> l.startsWith("event:") && l.contains("probe"));
        });
    }

    private List<EventView> events() {
        return lines.stream().filter(l -> l.startsWith("data:"))
                .map(l -> new ApiFixture.Response(200, "", l.substring("data:".length()).strip()).as(EventView.class))
                .toList();
    }

    @Test
    void withoutTheEventStreamAcceptHeaderTheRequestIsRefusedInTheErrorShape() {
        ApiFixture.Response r = api.get("/v1/events");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(r.error().message()).contains("Accept: text/event-stream");
    }

    @Test
    void aLaunchShowsUpAsInstanceStatusEvents() {
        subscribe();

        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(events())
                .filteredOn(e -> e.type().equals("instance-status") && e.resource().equals("web1"))
                .extracting(EventView::status)
                .contains("Starting", "Running"));
        assertThat(lines).contains("event: instance-status");
    }

    @Test
    void aGuestThatDiesIsReportedAsStopped() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");
        subscribe();

        api.core.driver.guestDies("web1", "guest shut down");

        await().atMost(WAIT).untilAsserted(() -> assertThat(events())
                .filteredOn(e -> e.type().equals("instance-status") && e.resource().equals("web1"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo("Stopped");
                    assertThat(e.message()).isEqualTo("guest shut down");
                    assertThat(e.time()).isNotNull();
                }));
    }
}
