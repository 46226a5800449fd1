package dev.vireo.server.s3;

import dev.vireo.s3.S3Exception;
import dev.vireo.s3.auth.Authentication;
import dev.vireo.s3.auth.Headers;
import dev.vireo.s3.auth.SignedRequest;
import dev.vireo.s3.auth.SigV4Verifier;
import dev.vireo.s3.store.ObjectStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3-compatible endpoint ({@code --s3-listen}): path-style requests, every one verified with
 * AWS Signature V4 before anything is read or written, then handed to {@link S3Operations}.
 * Errors are S3 error XML with AWS's codes and statuses.
 */
public final class S3Endpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Endpoint.class);
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.PUT, HandlerType.HEAD,
            HandlerType.DELETE, HandlerType.POST);

    /** Request ids: unique per daemon run, and cheap (no SecureRandom on every request). */
    private static final AtomicLong REQUEST_IDS = new AtomicLong(System.currentTimeMillis() << 20);

    private final Javalin app;

    private S3Endpoint(Javalin app) {
        this.app = app;
    }

    /** Starts serving {@code store} on {@code listen} (a loopback address; checked by the caller). */
    public static S3Endpoint start(ObjectStore store, SigV4Verifier verifier, InetSocketAddress listen) {
        S3Operations operations = new S3Operations(store);
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.http.strictContentTypes = false;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = Long.MAX_VALUE;
            config.jetty.addConnector((server, http) -> {
                // Jetty's header cache would hand back its own spelling of well-known values
                // (text/plain;charset=utf-8), not the bytes the client signed
                http.setHeaderCacheCaseSensitive(true);
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(listen.getHostString());
                c.setPort(listen.getPort());
                return c;
            });
            for (HandlerType method : METHODS) {
                config.routes.addHttpHandler(method, "/", ctx -> handle(ctx, verifier, operations));
                config.routes.addHttpHandler(method, "/<path>", ctx -> handle(ctx, verifier, operations));
            }
        });
        app.start();
        return new S3Endpoint(app);
    }

    private static void handle(Context ctx, SigV4Verifier verifier, S3Operations operations) {
        String requestId = String.format("%016X", REQUEST_IDS.incrementAndGet());
        ctx.header("x-amz-request-id", requestId);
        HttpServletRequest req = ctx.req();
        String rawPath = req.getRequestURI();
        try {
            SignedRequest signed = new SignedRequest(req.getMethod(), rawPath, req.getQueryString(), headers(req));
            Authentication auth = verifier.authenticate(signed);
            operations.handle(ctx, S3Paths.parse(rawPath), S3Paths.query(req.getQueryString()), auth);
        } catch (S3Exception e) {
            fail(ctx, e, requestId);
        } catch (RuntimeException e) {
            LOG.warn("s3 {} {}: {}", req.getMethod(), rawPath, e.toString(), e);
            fail(ctx, S3Exception.internalError("We encountered an internal error. Please try again.", rawPath),
                    requestId);
        }
    }

    private static void fail(Context ctx, S3Exception e, String requestId) {
        ctx.status(e.httpStatus());
        if (ctx.req().getMethod().equals("HEAD")) {
            return; // HEAD answers carry no body; the status says it
        }
        ctx.contentType("application/xml");
        ctx.result(S3Xml.error(e, requestId).getBytes(StandardCharsets.UTF_8));
    }

    private static Headers headers(HttpServletRequest req) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            all.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        return Headers.of(all);
    }

    /** The bound port (tests listen on port 0). */
    public int port() {
        return java.util.Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(ServerConnector.class::isInstance).map(ServerConnector.class::cast)
                .mapToInt(ServerConnector::getLocalPort).findFirst().orElse(-1);
    }

    @Override
    public void close() {
        app.stop();
    }
}
