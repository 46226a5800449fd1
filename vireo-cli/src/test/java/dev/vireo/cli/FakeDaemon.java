package dev.vireo.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in daemon on a temp unix socket: canned JSON per "METHOD target". A route given several
 * responses returns them in turn and then repeats the last; unknown routes answer not-found.
 */
final class FakeDaemon implements AutoCloseable {
    record Request(String method, String target, String body) {
        String route() {
            return method + " " + target;
        }
    }

    private record Response(int status, String body) {}

    final Path socket;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Response>> routes = new ConcurrentHashMap<>();
    private final ServerSocketChannel server;
    private final Thread acceptor;

    FakeDaemon(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    FakeDaemon on(String route, int status, String... bodies) {
        Deque<Response> queue = new ArrayDeque<>();
        for (String body : bodies) {
            queue.add(new Response(status, body));
        }
        routes.put(route, queue);
        return this;
    }

    List<String> routesCalled() {
        return requests.stream().map(Request::route).toList();
    }

    private Response respond(Request request) {
        Deque<Response> queue = routes.get(request.route());
        if (queue == null) {
            return new Response(404, "{\"code\":\"not-found\",\"message\":\"no route " + request.route() + "\"}");
        }
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            Request request = read(connection);
            requests.add(request);
            Response response = respond(request);
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + response.status() + " X\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap((head + response.body()).getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                connection.write(out);
            }
        } catch (IOException e) {
            // The client hung up; nothing to answer.
        }
    }

    private static Request read(SocketChannel in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
            if (in.read(one.clear()) < 0) {
                throw new IOException("eof in request head");
            }
            head.write(one.array()[0]);
        }
        String[] lines = head.toString(StandardCharsets.UTF_8).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        while (body.hasRemaining() && in.read(body) > 0) {
            // Reads until the declared length arrives.
        }
        return new Request(requestLine[0], requestLine[1], new String(body.array(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
