package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted QMP peer on a unix socket: greets, accepts qmp_capabilities, and answers each
 * command with whatever {@code responder} returns (a JSON object without id), or nothing for null.
 */
public final class FakeQmpServer implements AutoCloseable {
    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}, "
            + "\"capabilities\": [\"oob\"]}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocketChannel server;
    private final boolean greet;
    private final Function<JsonNode, String> responder;
    public final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private volatile SocketChannel client;

    public FakeQmpServer(Path socket, boolean greet, Function<JsonNode, String> responder) throws IOException {
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.greet = greet;
        this.responder = responder;
        Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        try {
            client = server.accept();
            if (greet) {
                send(GREETING);
            }
            var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                handle(JSON.readTree(line));
            }
        } catch (IOException e) {
            // client went away or we closed it
        }
    }

    private void handle(JsonNode command) throws IOException {
        received.add(command);
        String reply = command.path("execute").asText().equals("qmp_capabilities")
                ? "{\"return\": {}}" : responder.apply(command);
        if (reply != null) {
            reply(command.path("id").asLong(), reply);
        }
    }

    /** Sends {@code reply} tagged with {@code id}, e.g. later than asked, or out of order. */
    void reply(long id, String reply) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(reply);
        node.put("id", id);
        send(node.toString());
    }

    public void event(String name, String data) throws IOException {
        send("{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5}, \"event\": \"" + name + "\""
                + (data == null ? "" : ", \"data\": " + data) + "}");
    }

    synchronized void send(String json) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((json + "\r\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    long idOf(String command) {
        return received.stream().filter(c -> c.path("execute").asText().equals(command))
                .reduce((a, b) -> b).orElseThrow().path("id").asLong();
    }

    public boolean got(String command) {
        return received.stream().anyMatch(c -> c.path("execute").asText().equals(command));
    }

    /** Drops the client, as QEMU does when it exits. */
    void disconnect() throws IOException {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
        server.close();
    }
}
