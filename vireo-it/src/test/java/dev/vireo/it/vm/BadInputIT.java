package dev.vireo.it.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.VireoException;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad input: one clear line, the documented exit code, and nothing left behind. */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class BadInputIT {
    private final Vireo vireo = Vireo.get();

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown image       | no-such/image | bad1    | --memory=128MiB | 3 | image no-such/image not found",
        "invalid name        | tiny          | Bad_One | --memory=128MiB | 2 | invalid instance name",
        "too many cpus       | tiny          | bad2    | --cpus=999      | 7 | 999 cpus requested",
        "too much memory     | tiny          | bad3    | --memory=999TiB | 7 | exceeds the host",
        "disk below image    | tiny          | bad4    | --disk=1MiB     | 2 | is smaller than image tiny",
        "invalid size        | tiny          | bad5    | --memory=lots   | 2 | invalid size",
    })
    void launchRefusedCleanly(String why, String image, String name, String flag, int exit, String message) {
        Proc p = vireo.cli("launch", image, name, flag);
        assertThat(p.exit()).as(p.toString()).isEqualTo(exit);
        assertThat(p.err().lines().filter(l -> l.startsWith("vireo: error: "))).as(p.toString())
                .singleElement().asString().contains(message);
        assertNothingLeft(name);
    }

    @Test
    void duplicateNameIsRefusedAndTheFirstIsUntouched() {
        vireo.cliOk("create", "tiny", "dup1", "--memory", "128MiB");
        Proc p = vireo.cli("launch", "tiny", "dup1", "--memory", "128MiB");
        assertThat(p.exit()).isEqualTo(4);
        assertThat(p.err()).contains("instance dup1 already exists");
        assertThat(Files.exists(vireo.instanceDir("dup1").resolve("root.qcow2"))).isTrue();
        vireo.cliOk("delete", "dup1");
    }

    @Test
    void twoConcurrentLaunchesWithOneNameOneWins() throws Exception {
        LaunchRequest req = new LaunchRequest("race1", "tiny", 1, "128MiB", null, null, null, null, false, false);
        Callable<String> launch = () -> {
            try (var c = vireo.client()) {
                return c.await(c.launch(req), o -> {}).status();
            } catch (VireoException e) {
                return e.code().id();
            }
        };
        List<Future<String>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(launch));
            }
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        assertThat(outcomes).filteredOn("success"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(ErrorCode.ALREADY_EXISTS.id()::equals).hasSize(3);
        vireo.cliOk("delete", "race1");
    }

    @Test
    void importOfANonImageAndAChecksumMismatchAreRefused() throws Exception {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "this is not a disk image\n".repeat(100));
        Proc p = vireo.cli("image", "import", text.toString(), "--alias", "junk");
        assertThat(p.exit()).as(p.toString()).isEqualTo(2);
        assertThat(p.err()).contains("not a disk image");

        Path disk = tmp.resolve("disk.qcow2");
        Proc.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M"));
        Proc bad = vireo.cli("image", "import", disk.toString(), "--alias", "sum", "--sha256", "0".repeat(64));
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(10);
        assertThat(bad.err()).contains("sha256 mismatch");
        assertThat(vireo.client().images()).noneMatch(i -> i.alias().equals("junk") || i.alias().equals("sum"));
        try (var files = Files.list(vireo.daemon().stateDir().resolve("images"))) {
            assertThat(files.filter(f -> !Files.isDirectory(f))).as("no temp files left").isEmpty();
        }
    }

    @Test
    void daemonNotRunningSaysHowToStartIt() {
        Proc p = Proc.run(Proc.java("dev.vireo.cli.VireoCli",
                List.of("list", "--socket", tmp.resolve("none.sock").toString())));
        assertThat(p.exit()).isEqualTo(ErrorCode.UNAVAILABLE.exitCode());
        assertThat(p.err()).contains("vireo daemon");
    }

    private void assertNothingLeft(String name) {
        assertThat(vireo.client().instances()).noneMatch(i -> i.name().equals(name));
        assertThat(Files.exists(vireo.instanceDir(name))).isFalse();
        assertThat(vireo.qemuPids(name)).isEmpty();
    }
}
