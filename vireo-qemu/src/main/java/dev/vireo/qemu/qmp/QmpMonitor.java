package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live QMP connection: a reader thread matches replies to pending commands by id and hands
 * events, in order, to listeners on a separate dispatcher thread (so a listener may itself send
 * commands). A broken connection fails every pending command with {@link QmpDisconnected}.
 */
public final class QmpMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QmpMonitor.class);

    private final QmpConnection connection;
    private final QmpLog log;
    private final Path socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<QmpListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher;
    private volatile QmpDisconnected disconnected;
    private volatile boolean closing;

    private QmpMonitor(Path socket, QmpConnection connection, QmpLog log) {
        this.socket = socket;
        this.connection = connection;
        this.log = log;
        this.dispatcher = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("qmp-events").factory());
    }

    /**
     * Connects and starts reading; the monitor owns {@code log} and closes it with the connection.
     * {@code listeners} are in place before the first event can arrive.
     */
    public static QmpMonitor open(Path socket, Duration timeout, QmpLog log, QmpListener... listeners) {
        log.note("connecting to " + socket);
        QmpConnection connection;
        try {
            connection = QmpConnection.open(socket, timeout, log);
        } catch (QmpException e) {
            log.note("connect failed: " + e.getMessage());
            log.close();
            throw e;
        }
        QmpMonitor monitor = new QmpMonitor(socket, connection, log);
        monitor.listeners.addAll(List.of(listeners));
        Thread.ofVirtual().name("qmp-reader").start(monitor::readLoop);
        return monitor;
    }

    public void addListener(QmpListener listener) {
        listeners.add(listener);
    }

    public void removeListener(QmpListener listener) {
        listeners.remove(listener);
    }

    /** Starts listening for the first event named {@code name} that {@code match}es; see {@link QmpEventWait}. */
    public QmpEventWait expect(String name, Predicate<QmpEvent> match) {
        QmpEventWait wait = new QmpEventWait(this, e -> e.name().equals(name) && match.test(e));
        listeners.add(wait);
        return wait;
    }

    /** Runs one command and returns its {@code return} member. */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        checkConnected();
        long id = connection.nextId();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            // The reader may have failed between the first check and put(): it fails only what it saw.
            checkConnected();
            connection.send(id, command, arguments);
            return QmpConnection.checkReply(command, reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new QmpTimeout(command + ": no reply from QEMU within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw (QmpException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpDisconnected(command + ": interrupted while waiting for QEMU", e);
        } finally {
            pending.remove(id);
        }
    }

    private void checkConnected() {
        QmpDisconnected cause = disconnected;
        if (cause != null) {
            throw new QmpDisconnected(cause.getMessage(), cause);
        }
    }

    public boolean isConnected() {
        return disconnected == null;
    }

    private void readLoop() {
        try {
            while (true) {
                route(connection.read(null));
            }
        } catch (QmpException e) {
            QmpDisconnected cause = e instanceof QmpDisconnected d ? d : new QmpDisconnected(e.getMessage(), e);
            disconnected = cause;
            log.note(closing ? "closed" : "disconnected: " + cause.getMessage());
            pending.values().forEach(f -> f.completeExceptionally(cause));
            if (!closing) {
                dispatch(listener -> listener.disconnected(cause));
            }
            dispatcher.shutdown();
            connection.close();
            log.close();
        }
    }

    private void route(JsonNode message) {
        if (message.has("event")) {
            QmpEvent event = QmpEvent.from(message);
            dispatch(listener -> listener.event(event));
            return;
        }
        JsonNode id = message.path("id");
        CompletableFuture<JsonNode> reply = id.isNumber() ? pending.get(id.asLong()) : null;
        if (reply == null) {
            LOG.debug("QMP reply without a waiting command on {}: {}", socket, message);
            return;
        }
        reply.complete(message);
    }

    private void dispatch(Consumer<QmpListener> call) {
        try {
            dispatcher.execute(() -> listeners.forEach(listener -> {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    LOG.warn("QMP listener failed on {}: {}", socket, e.toString());
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.debug("QMP event after shutdown on {} dropped", socket);
        }
    }

    /** Closes the connection; listeners are not told (the guest is left alone, not lost). */
    @Override
    public void close() {
        closing = true;
        if (disconnected == null) {
            disconnected = new QmpDisconnected("QMP monitor on " + socket + " was closed");
        }
        connection.close();
    }
}
