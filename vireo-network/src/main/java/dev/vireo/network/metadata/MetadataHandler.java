package dev.vireo.network.metadata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vireo.core.network.InstanceMetadata;
import dev.vireo.core.network.MetadataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one metadata request: GET and HEAD only (405 otherwise), refuses {@code .}/{@code ..}
 * paths (400), finds the instance by the caller's address (404 "no instance at ADDRESS" when
 * there is none) and serves its document (404 when the path has none). Only that instance's data
 * is ever looked at, so no request can read another's.
 */
final class MetadataHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);

    /** A status and the document to send with it. */
    record Reply(int status, MetadataDocument document) {
        static Reply ok(MetadataDocument document) {
            return new Reply(200, document);
        }

        static Reply error(int status, String message) {
            return new Reply(status, MetadataDocument.text(message + "\n"));
        }
    }

    private final MetadataSource source;

    MetadataHandler(MetadataSource source) {
        this.source = Objects.requireNonNull(source);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = MetadataPath.requestPath(exchange.getRequestURI());
        String caller = exchange.getRemoteAddress().getAddress().getHostAddress();
        try (exchange) {
            Reply reply;
            try {
                reply = reply(method, path, caller);
            } catch (RuntimeException e) {
                log.warn("metadata {} {} from {} failed", method, path, caller, e);
                reply = Reply.error(500, "internal error");
            }
            // Paths and statuses only: bodies may hold user data or keys.
            log.debug("metadata {} {} from {} -> {}", method, path, caller, reply.status());
            send(exchange, reply);
        }
    }

    /** The reply to {@code method path} from {@code caller}; pure but for the source lookup. */
    Reply reply(String method, String path, String caller) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Reply.error(405, "method not allowed");
        }
        Optional<MetadataPath> parsed = MetadataPath.parse(path);
        if (parsed.isEmpty()) {
            return Reply.error(400, "bad path");
        }
        Optional<InstanceMetadata> instance = source.forAddress(caller);
        if (instance.isEmpty()) {
            return Reply.error(404, "no instance at " + caller);
        }
        return MetadataDocuments.render(parsed.get(), instance.get())
                .map(Reply::ok)
                .orElseGet(() -> Reply.error(404, "not found"));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.document().contentType());
        if (reply.status() == 405) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        }
        byte[] body = reply.document().body();
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
