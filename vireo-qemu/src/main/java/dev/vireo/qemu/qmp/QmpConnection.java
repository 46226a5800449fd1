package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The QMP wire: a unix socket carrying one JSON object per line. Opening it reads the greeting
 * and negotiates {@code qmp_capabilities}; afterwards it sends commands with fresh ids and reads
 * messages with a deadline. One thread reads; any thread may send.
 */
public final class QmpConnection implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 16 << 20;

    private final Path socket;
    private final SocketChannel channel;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final QmpLog log;
    private final AtomicLong ids = new AtomicLong();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private JsonNode greeting;

    private QmpConnection(Path socket, SocketChannel channel, QmpLog log) throws IOException {
        this.socket = socket;
        this.channel = channel;
        this.log = log;
        channel.configureBlocking(false);
        this.readSelector = Selector.open();
        this.writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /** Connects, reads the greeting and leaves capabilities negotiation mode, all within {@code timeout}. */
    public static QmpConnection open(Path socket, Duration timeout, QmpLog log) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new QmpDisconnected("cannot create a unix socket: " + e.getMessage(), e);
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            QmpConnection conn = new QmpConnection(socket, channel, log);
            conn.handshake(Instant.now().plus(timeout));
            return conn;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new QmpDisconnected("cannot connect to QMP socket " + socket + ": " + e, e);
        } catch (QmpException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void handshake(Instant deadline) {
        JsonNode hello;
        try {
            hello = read(deadline);
        } catch (QmpTimeout e) {
            throw new QmpTimeout("no QMP greeting on " + socket + " (is another client connected?)");
        }
        if (!hello.has("QMP")) {
            throw new QmpDisconnected("unexpected QMP greeting on " + socket + ": " + hello);
        }
        greeting = hello;
        long id = nextId();
        send(id, "qmp_capabilities", null);
        JsonNode reply = read(deadline);
        while (!reply.path("id").isNumber() || reply.path("id").asLong() != id) {
            reply = read(deadline);
        }
        checkReply("qmp_capabilities", reply);
    }

    /** Throws {@link QmpError} for an error reply; returns the {@code return} member otherwise. */
    static JsonNode checkReply(String command, JsonNode reply) {
        if (reply.has("error")) {
            JsonNode error = reply.get("error");
            throw new QmpError(command, error.path("class").asText("GenericError"), error.path("desc").asText(""));
        }
        return reply.path("return");
    }

    /** The greeting QEMU sent ({@code {"QMP": {"version": ..., "capabilities": [...]}}}). */
    public JsonNode greeting() {
        return greeting;
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    /** Sends {@code {"execute": command, "arguments": arguments, "id": id}}; {@code arguments} may be null. */
    public void send(long id, String command, ObjectNode arguments) {
        ObjectNode message = JSON.createObjectNode();
        message.put("execute", command);
        if (arguments != null) {
            message.set("arguments", arguments);
        }
        message.put("id", id);
        String text = message.toString();
        log.sent(text);
        writeFully(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private synchronized void writeFully(ByteBuffer data) {
        try {
            while (data.hasRemaining()) {
                if (channel.write(data) == 0) {
                    writeSelector.select(1000);
                    writeSelector.selectedKeys().clear();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            throw new QmpDisconnected("QMP write to " + socket + " failed: " + e, e);
        }
    }

    /** Reads the next message; {@code deadline} null waits until a message arrives or the connection closes. */
    public JsonNode read(Instant deadline) {
        while (true) {
            String text = nextLine();
            if (text != null) {
                if (text.isBlank()) {
                    continue;
                }
                log.received(text);
                return parse(text);
            }
            fill(deadline);
        }
    }

    private JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new QmpDisconnected("QEMU sent invalid JSON on " + socket + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A complete line from the buffer, or null when more bytes are needed. */
    private String nextLine() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    line.reset();
                    return text;
                }
                line.write(b);
            }
            if (line.size() > MAX_LINE) {
                throw new QmpDisconnected("QMP message on " + socket + " exceeds " + MAX_LINE + " bytes");
            }
            return null;
        } finally {
            buffer.compact();
        }
    }

    private void fill(Instant deadline) {
        try {
            int n = channel.read(buffer);
            while (n == 0) {
                long waitMs = 0;
                if (deadline != null) {
                    waitMs = Duration.between(Instant.now(), deadline).toMillis();
                    if (waitMs <= 0) {
                        throw new QmpTimeout("QEMU did not answer on " + socket + " in time");
                    }
                }
                readSelector.select(waitMs);
                readSelector.selectedKeys().clear();
                if (!channel.isOpen()) {
                    throw new QmpDisconnected("QMP connection to " + socket + " was closed");
                }
                n = channel.read(buffer);
            }
            if (n < 0) {
                throw new QmpDisconnected("QEMU closed the QMP connection on " + socket);
            }
        } catch (IOException | ClosedSelectorException e) {
            throw new QmpDisconnected("QMP connection to " + socket + " was closed: " + e, e);
        }
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        closeQuietly(channel);
        try {
            readSelector.close();
            writeSelector.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
