package dev.vireo.api;

import java.util.Objects;

/** The one error type: a stable {@link ErrorCode} and a short message a user can act on. */
public class VireoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public VireoException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public VireoException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }

    public static VireoException notFound(String what) {
        return new VireoException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static VireoException invalid(String message) {
        return new VireoException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public ErrorBody body() {
        return new ErrorBody(code, getMessage());
    }
}
