package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Objects;

/** An asynchronous QMP event such as STOP, RESUME or SHUTDOWN; {@code data} is an empty object when absent. */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {
    public QmpEvent {
        Objects.requireNonNull(name);
        data = data == null || data.isNull() || data.isMissingNode() ? JsonNodeFactory.instance.objectNode() : data;
        Objects.requireNonNull(timestamp);
    }

    static QmpEvent from(JsonNode message) {
        JsonNode ts = message.path("timestamp");
        Instant when = Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000);
        return new QmpEvent(message.path("event").asText(), message.get("data"), when);
    }
}
