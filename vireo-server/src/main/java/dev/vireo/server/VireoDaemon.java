package dev.vireo.server;

import dev.vireo.api.VireoException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vireo daemon}: parses options, runs {@link Daemon} until SIGTERM/SIGINT, maps failures to exit codes. */
@Command(name = "vireo daemon", mixinStandardHelpOptions = true,
        description = "Run the Vireo daemon: REST API on a root-only unix socket, VMs supervised through QMP.")
public final class VireoDaemon implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--state-dir", description = "State directory (default: $VIREO_STATE_DIR or /var/lib/vireo).")
    Path stateDir;

    @Option(names = "--socket", description = "Unix socket (default: $VIREO_SOCKET or /run/vireo/vireo.sock).")
    Path socket;

    @Option(names = "--listen", description = "Also listen on a loopback TCP address, e.g. 127.0.0.1:8443.")
    String listen;

    @Option(names = "--s3-listen", description = "Serve the S3-compatible object store on a loopback address,"
            + " e.g. 127.0.0.1:9000.")
    String s3Listen;

    public static void main(String[] args) {
        System.exit(new CommandLine(new VireoDaemon()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig config;
        Daemon daemon;
        try {
            config = new DaemonConfig(orEnv(stateDir, "VIREO_STATE_DIR", DaemonConfig.DEFAULT_STATE_DIR),
                    orEnv(socket, "VIREO_SOCKET", DaemonConfig.DEFAULT_SOCKET),
                    listen == null ? null : DaemonConfig.parseListen(listen),
                    s3Listen == null ? null : DaemonConfig.parseListen(s3Listen));
            daemon = Daemon.start(config);
        } catch (VireoException e) {
            System.err.println("vireo daemon: error: " + e.getMessage());
            return e.code().exitCode();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static Path orEnv(Path given, String env, Path fallback) {
        if (given != null) {
            return given;
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}
