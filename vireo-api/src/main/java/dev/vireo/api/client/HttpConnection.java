package dev.vireo.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request on one connection ({@code Connection: close}): the daemon is local and requests
 * are few, so keep-alive would add state for no measurable gain.
 */
final class HttpConnection {
    private static final int MAX_HEADERS = 100;

    private HttpConnection() {}

    /** Sends the request and returns once the response head is read; the caller must close the response. */
    static HttpResponse exchange(Endpoint endpoint, HttpRequest request) {
        SocketChannel channel = endpoint.connect();
        try {
            write(channel, head(endpoint, request), request.body());
            ChannelInput in = new ChannelInput(channel);
            return readResponse(in);
        } catch (IOException e) {
            closeQuietly(channel);
            throw endpoint.lostConnection(e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static byte[] head(Endpoint endpoint, HttpRequest request) {
        StringBuilder head = new StringBuilder(256)
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint.hostHeader()).append("\r\n")
                .append("User-Agent: vireo-client\r\n")
                .append("Accept: ").append(request.accept()).append("\r\n")
                .append("Connection: close\r\n");
        byte[] body = request.body();
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (body != null || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(SocketChannel channel, byte[] head, byte[] body) throws IOException {
        ByteBuffer[] parts = body == null
                ? new ByteBuffer[] {ByteBuffer.wrap(head)}
                : new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
        while (parts[parts.length - 1].hasRemaining()) {
            channel.write(parts);
        }
    }

    static HttpResponse readResponse(ChannelInput in) throws IOException {
        String statusLine;
        do {
            statusLine = requireLine(in);
        } while (statusLine.isEmpty());
        int status = parseStatus(statusLine);
        Map<String, String> headers = readHeaders(in);
        if (status / 100 == 1) {
            return readResponse(in); // 100 Continue and friends precede the real response.
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        return new HttpResponse(status, reason, headers, body(in, status, headers));
    }

    private static int parseStatus(String line) throws IOException {
        // "HTTP/1.1 200 OK": version, three-digit code, optional reason.
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP response: " + abbreviate(line));
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + abbreviate(line));
        }
    }

    private static Map<String, String> readHeaders(ChannelInput in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String line;
        while (!(line = requireLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad HTTP header line: " + abbreviate(line));
            }
            if (headers.size() == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        return headers;
    }

    private static InputStream body(ChannelInput in, int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304) {
            in.close();
            return InputStream.nullInputStream();
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInput(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new BoundedInput(in, Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length '" + length + "'");
            }
        }
        return in; // Neither: the body runs until the server closes the connection.
    }

    private static String requireLine(ChannelInput in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed before the response was complete");
        }
        return line;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The original failure is what the caller needs to see.
        }
    }
}
