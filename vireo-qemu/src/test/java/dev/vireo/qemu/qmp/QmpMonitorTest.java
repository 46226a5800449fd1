package dev.vireo.qemu.qmp;

import static dev.vireo.qemu.WaitUntil.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QmpMonitorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final String RUNNING =
            "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}}";

    @TempDir
    Path dir;

    private FakeQmpServer server;
    private QmpMonitor monitor;

    @AfterEach
    void tearDown() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private QmpMonitor connect(Function<JsonNode, String> responder, QmpListener... listeners) throws Exception {
        server = new FakeQmpServer(dir.resolve("qmp.sock"), true, responder);
        monitor = QmpMonitor.open(dir.resolve("qmp.sock"), TIMEOUT, QmpLog.none(), listeners);
        return monitor;
    }

    private CompletableFuture<JsonNode> executeAsync(String command) {
        return CompletableFuture.supplyAsync(() -> monitor.execute(command, null, TIMEOUT));
    }

    private static String byCommand(JsonNode command) {
        return switch (command.path("execute").asText()) {
            case "query-status" -> RUNNING;
            case "stop", "cont", "system_powerdown" -> "{\"return\": {}}";
            case "nope" ->
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nope has not been found\"}}";
            default -> null;
        };
    }

    @Test
    void negotiatesCapabilitiesAndRunsTypedCommands() throws Exception {
        QmpClient client = new QmpClient(connect(QmpMonitorTest::byCommand), TIMEOUT);

        assertThat(client.queryStatus()).isEqualTo(new QmpStatus(true, "running"));
        client.stop();
        client.cont();
        client.systemPowerdown();

        assertThat(server.received).extracting(c -> c.path("execute").asText())
                .containsExactly("qmp_capabilities", "query-status", "stop", "cont", "system_powerdown");
        assertThat(server.received).extracting(c -> c.path("id").asLong()).doesNotHaveDuplicates();
    }

    @Test
    void matchesRepliesToCommandsByIdWhenTheyArriveOutOfOrder() throws Exception {
        connect(QmpMonitorTest::byCommand);
        CompletableFuture<JsonNode> first = executeAsync("first");
        until(TIMEOUT, "first command reaches the server", () -> server.got("first"));
        CompletableFuture<JsonNode> second = executeAsync("second");
        until(TIMEOUT, "second command reaches the server", () -> server.got("second"));

        server.reply(server.idOf("second"), "{\"return\": {\"n\": 2}}");
        server.reply(server.idOf("first"), "{\"return\": {\"n\": 1}}");

        assertThat(first.get(2, TimeUnit.SECONDS).path("n").asInt()).isEqualTo(1);
        assertThat(second.get(2, TimeUnit.SECONDS).path("n").asInt()).isEqualTo(2);
    }

    @Test
    void errorReplyBecomesQmpErrorWithClassAndDescription() throws Exception {
        connect(QmpMonitorTest::byCommand);

        assertThatThrownBy(() -> monitor.execute("nope", null, TIMEOUT))
                .isInstanceOfSatisfying(QmpError.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("CommandNotFound");
                    assertThat(e.desc()).isEqualTo("The command nope has not been found");
                });
    }

    @Test
    void commandTimesOutAndTheConnectionStaysUsable() throws Exception {
        connect(QmpMonitorTest::byCommand);
        QmpClient client = new QmpClient(monitor, SHORT);

        assertThatThrownBy(() -> monitor.execute("hang", null, SHORT)).isInstanceOf(QmpTimeout.class)
                .hasMessageContaining("hang");
        server.reply(server.idOf("hang"), "{\"return\": {}}");

        assertThat(client.queryStatus().running()).isTrue();
        assertThat(monitor.isConnected()).isTrue();
    }

    @Test
    void eventsReachEveryListenerInOrderOffTheReaderThread() throws Exception {
        List<String> one = new CopyOnWriteArrayList<>();
        List<String> two = new CopyOnWriteArrayList<>();
        List<QmpStatus> fromCallback = new CopyOnWriteArrayList<>();
        QmpListener first = e -> one.add(e.name());
        connect(QmpMonitorTest::byCommand, first);
        monitor.addListener(e -> {
            two.add(e.name() + ":" + e.data().path("reason").asText("-"));
            // A listener may talk to QEMU: replies are read by a thread other than the one calling it.
            fromCallback.add(new QmpClient(monitor, TIMEOUT).queryStatus());
        });

        server.event("STOP", null);
        server.event("RESUME", null);
        server.event("SHUTDOWN", "{\"guest\": true, \"reason\": \"guest-shutdown\"}");

        until(TIMEOUT, "three events at both listeners", () -> one.size() == 3 && two.size() == 3);
        assertThat(one).containsExactly("STOP", "RESUME", "SHUTDOWN");
        assertThat(two).containsExactly("STOP:-", "RESUME:-", "SHUTDOWN:guest-shutdown");
        until(TIMEOUT, "callbacks got their replies", () -> fromCallback.size() == 3);
    }

    @Test
    void eventCarriesQemuTimestamp() throws Exception {
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        connect(QmpMonitorTest::byCommand, events::add);

        server.event("POWERDOWN", null);

        until(TIMEOUT, "the event", () -> events.size() == 1);
        assertThat(events.getFirst().timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000, 5000));
        assertThat(events.getFirst().data().isObject()).isTrue();
    }

    @Test
    void disconnectFailsPendingCommandsAndTellsListeners() throws Exception {
        List<QmpDisconnected> lost = new CopyOnWriteArrayList<>();
        connect(QmpMonitorTest::byCommand, new QmpListener() {
            @Override
            public void event(QmpEvent event) {}

            @Override
            public void disconnected(QmpDisconnected cause) {
                lost.add(cause);
            }
        });
        CompletableFuture<JsonNode> pending = executeAsync("hang");
        until(TIMEOUT, "command reaches the server", () -> server.got("hang"));

        server.disconnect();

        assertThatThrownBy(() -> pending.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(QmpDisconnected.class);
        until(TIMEOUT, "listener hears of the disconnect", () -> lost.size() == 1);
        assertThat(monitor.isConnected()).isFalse();
        assertThatThrownBy(() -> monitor.execute("query-status", null, TIMEOUT)).isInstanceOf(QmpDisconnected.class);
    }

    @Test
    void quitCountsAsDoneWhenQemuClosesTheSocketFirst() throws Exception {
        connect(command -> {
            if (command.path("execute").asText().equals("quit")) {
                try {
                    server.disconnect();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });

        new QmpClient(monitor, TIMEOUT).quit();

        assertThat(server.got("quit")).isTrue();
    }

    @Test
    void missingGreetingTimesOut() throws Exception {
        server = new FakeQmpServer(dir.resolve("qmp.sock"), false, QmpMonitorTest::byCommand);

        assertThatThrownBy(() -> QmpMonitor.open(dir.resolve("qmp.sock"), SHORT, QmpLog.none()))
                .isInstanceOf(QmpTimeout.class).hasMessageContaining("greeting");
    }

    @Test
    void missingSocketIsDisconnected() {
        assertThatThrownBy(() -> QmpMonitor.open(dir.resolve("absent.sock"), SHORT, QmpLog.none()))
                .isInstanceOf(QmpDisconnected.class).hasMessageContaining("absent.sock");
    }

    @Test
    void logsEveryMessageBothWays() throws Exception {
        Path logFile = dir.resolve("qmp.log");
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        server = new FakeQmpServer(dir.resolve("qmp.sock"), true, QmpMonitorTest::byCommand);
        monitor = QmpMonitor.open(dir.resolve("qmp.sock"), TIMEOUT, QmpLog.appendingTo(logFile, clock));

        new QmpClient(monitor, TIMEOUT).queryStatus();
        monitor.close();

        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).allMatch(l -> l.startsWith("2026-01-02T03:04:05Z "));
        assertThat(lines).anyMatch(l -> l.contains("<- {\"QMP\""));
        assertThat(lines).anyMatch(l -> l.contains("-> {\"execute\":\"qmp_capabilities\",\"id\":1}"));
        assertThat(lines).anyMatch(l -> l.contains("-> {\"execute\":\"query-status\",\"id\":2}"));
        assertThat(lines).anyMatch(l -> l.contains("<- {\"return\":{\"status\":\"running\""));
    }
}
