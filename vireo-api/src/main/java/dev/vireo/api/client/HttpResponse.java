package dev.vireo.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** A response head and its (still unread) body; closing it closes the connection. */
record HttpResponse(int status, String reason, Map<String, String> headers, InputStream body)
        implements AutoCloseable {

    HttpResponse {
        headers = Map.copyOf(headers);
    }

    /** Header value by lower-case name, or null. */
    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    boolean isError() {
        return status >= 400;
    }

    byte[] readBody() throws IOException {
        return body.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
