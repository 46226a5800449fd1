package dev.vireo.api.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A tiny HTTP/1.1 server on a unix socket: each connection gets the handler's raw bytes, then is closed. */
final class FakeDaemon implements AutoCloseable {
    record Request(String method, String target, Map<String, String> headers, String body) {}

    /** Writes a response; may block (e.g. to keep an event stream open) until the connection is closed. */
    interface Handler {
        void handle(Request request, SocketChannel out) throws IOException;
    }

    final Path socket;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Thread acceptor;

    FakeDaemon(Path socket, Handler handler) throws IOException {
        this(socket, unixServer(socket), handler);
    }

    private FakeDaemon(Path socket, ServerSocketChannel server, Handler handler) {
        this.socket = socket;
        this.server = server;
        this.acceptor = Thread.ofVirtual().start(() -> acceptLoop(handler));
    }

    /** The same server on an ephemeral loopback TCP port; {@link #port()} says which. */
    static FakeDaemon tcp(Function<Request, String> responder) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeDaemon(null, server, (request, out) -> write(out, responder.apply(request)));
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private static ServerSocketChannel unixServer(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Answers each request with the text that {@code responder} returns (a full raw HTTP response). */
    static FakeDaemon raw(Path socket, Function<Request, String> responder) throws IOException {
        return new FakeDaemon(socket, (request, out) -> write(out, responder.apply(request)));
    }

    static String json(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    static String chunked(int status, String... chunks) {
        StringBuilder out = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (String chunk : chunks) {
            out.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length)).append("\r\n")
                    .append(chunk).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString();
    }

    static void write(SocketChannel out, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private void acceptLoop(Handler handler) {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread.ofVirtual().start(() -> serve(connection, handler));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection, Handler handler) {
        try (connection) {
            Request request = readRequest(connection);
            requests.add(request);
            handler.handle(request, connection);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private static Request readRequest(SocketChannel in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        ByteBuffer body = ByteBuffer.allocate(length);
        while (body.hasRemaining() && in.read(body) > 0) {
            // Reads until the declared length arrives.
        }
        return new Request(requestLine[0], requestLine[1], headers,
                new String(body.array(), StandardCharsets.UTF_8));
    }

    private static String readHead(SocketChannel in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
            one.clear();
            if (in.read(one) < 0) {
                throw new IOException("eof in request head");
            }
            head.write(one.array()[0]);
        }
        String text = head.toString(StandardCharsets.UTF_8);
        return text.substring(0, text.length() - 4);
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
