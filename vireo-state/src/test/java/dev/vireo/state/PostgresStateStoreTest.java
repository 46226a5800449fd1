package dev.vireo.state;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The same contract on a real PostgreSQL server (Debian's postgresql package), started for
 * this class in a temp dir as the postgres user: the schema and queries must run unchanged.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class PostgresStateStoreTest extends StateStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path pgDir;
    private static Path bin;
    private static int port;

    @BeforeAll
    static void startPostgres() throws Exception {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.sorted().reduce((a, b) -> b).orElseThrow().resolve("bin");
        }
        pgDir = Files.createTempDirectory(Path.of("/tmp"), "vireo-pg-");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run("chown", "postgres:postgres", pgDir.toString());
        run("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", pgDir.resolve("data").toString(),
                "-A", "trust", "-U", "vireo", "--no-sync");
        run("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D", pgDir.resolve("data").toString(),
                "-o", "-p " + port + " -k " + pgDir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l", pgDir.resolve("log").toString(), "-w", "start");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pgDir != null) {
            run("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D",
                    pgDir.resolve("data").toString(), "-m", "immediate", "stop");
            run("rm", "-rf", pgDir.toString());
        }
    }

    private String database;

    @Override
    JdbcStateStore open(boolean reopen) {
        if (!reopen) {
            database = "vireo_" + DATABASES.incrementAndGet();
            try (Connection c = DriverManager.getConnection(url("postgres"), "vireo", "");
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return JdbcStateStore.postgres(url(database), "vireo", "");
    }

    private static String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
