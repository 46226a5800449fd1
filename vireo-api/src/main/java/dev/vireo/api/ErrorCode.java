package dev.vireo.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Stable error codes: a string id for the wire, an HTTP status for the API and an exit code for the CLI. */
public enum ErrorCode {
    INTERNAL("internal", 500, 1),
    INVALID_ARGUMENT("invalid-argument", 400, 2),
    NOT_FOUND("not-found", 404, 3),
    ALREADY_EXISTS("already-exists", 409, 4),
    INVALID_STATE("invalid-state", 409, 5),
    BUSY("busy", 409, 6),
    INSUFFICIENT_RESOURCES("insufficient-resources", 400, 7),
    UNAVAILABLE("unavailable", 503, 8),
    TIMEOUT("timeout", 504, 9),
    CHECKSUM_MISMATCH("checksum-mismatch", 400, 10);

    private final String id;
    private final int httpStatus;
    private final int exitCode;

    ErrorCode(String id, int httpStatus, int exitCode) {
        this.id = id;
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }

    @JsonCreator
    public static ErrorCode fromId(String id) {
        for (ErrorCode c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
