package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.InstanceView;
import dev.vireo.api.client.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsATableForPeople() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/instances", 200, Canned.INSTANCES)) {
            CliRun run = CliRun.run("list", "--socket", daemon.socket.toString());

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("""
                    NAME  TYPE  STATUS   IMAGE         CPUS  MEMORY  ADDRESS
                    demo  vm    Running  debian/12     2     1GiB    127.0.0.1:40123
                    web1  vm    Stopped  ubuntu/24.04  4     512MiB  10.20.0.5
                    """);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void printsOnlyTheHeaderWhenThereAreNoInstances() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/instances", 200, "[]")) {
            CliRun run = CliRun.run("list", "--socket", daemon.socket.toString());

            assertThat(run.out()).isEqualTo("NAME  TYPE  STATUS  IMAGE  CPUS  MEMORY  ADDRESS\n");
        }
    }

    @Test
    void jsonPrintsTheInstanceViewsForScripts() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("d.sock")).on("GET /v1/instances", 200, Canned.INSTANCES)) {
            CliRun run = CliRun.run("list", "--json", "--socket", daemon.socket.toString());

            List<InstanceView> parsed = List.of(Json.mapper().readValue(run.out(), InstanceView[].class));
            assertThat(parsed).extracting(InstanceView::name).containsExactly("demo", "web1");
            assertThat(run.out()).startsWith("[ {").contains("\n  \"name\" : \"demo\"")
                    .contains("\"createdAt\" : \"2025-01-02T03:04:05.123Z\"");
        }
    }
}
