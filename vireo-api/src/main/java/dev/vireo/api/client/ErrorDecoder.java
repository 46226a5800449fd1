package dev.vireo.api.client;

import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns a 4xx/5xx response into a VireoException: the ErrorBody when there is one, else a code from the status. */
final class ErrorDecoder {
    private ErrorDecoder() {}

    static VireoException decode(int status, String reason, byte[] body) {
        try {
            ErrorBody error = Json.mapper().readValue(body, ErrorBody.class);
            if (error != null && error.code() != null && error.message() != null) {
                return new VireoException(error.code(), error.message());
            }
        } catch (IOException notJson) {
            // A proxy or a crash page: fall through to the status-derived error below.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
        String message = "the vireo daemon answered HTTP " + status + (reason.isBlank() ? "" : " " + reason)
                + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        return new VireoException(codeFor(status), message);
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_ARGUMENT;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.INVALID_STATE;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            default -> ErrorCode.INTERNAL;
        };
    }
}
