package dev.vireo.api.client;

import java.util.Objects;

/** One HTTP/1.1 request: method, origin-form target ("/v1/instances?force=true"), Accept and an optional JSON body. */
record HttpRequest(String method, String target, String accept, byte[] body) {

    HttpRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(accept);
        if (target == null || !target.startsWith("/")) {
            throw new IllegalArgumentException("request target must start with '/': " + target);
        }
    }

    static HttpRequest json(String method, String target, byte[] body) {
        return new HttpRequest(method, target, "application/json", body);
    }
}
