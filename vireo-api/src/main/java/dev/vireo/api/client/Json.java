package dev.vireo.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;

/** The wire's JSON settings (ISO-8601 instants, unknown fields ignored), shared by the client and the CLI's --json. */
public final class Json {
    private Json() {}

    /** Built on first use so commands that never touch JSON do not pay for Jackson's start-up. */
    private static final class Holder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** Pretty-printed JSON, as the CLI prints it for scripts. */
    public static String pretty(Object value) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One-line JSON, for streams where each line is one value. */
    public static String compact(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
