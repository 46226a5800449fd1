package dev.vireo.cli;

import dev.vireo.api.ImageImportRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.api.client.VireoClient;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import",
        description = {"Import a qcow2 or raw disk image from a file on the daemon's host or an http(s) URL."},
        footer = {"", "Examples:", "  vireo image import ./disk.qcow2 --alias mydisk",
            "  vireo image import https://example.org/ubuntu-24.04.img --alias ubuntu/24.04 --sha256 HEX"})
final class ImageImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|URL", description = "Disk image file (made absolute here; the daemon reads it) "
            + "or http(s) URL.")
    String source;

    @Option(names = "--alias", paramLabel = "NAME", required = true, description = "Alias to give the image.")
    String alias;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of the file; import fails if it differs.")
    String sha256;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (sha256 != null && !sha256.matches("(?i)[0-9a-f]{64}")) {
            throw VireoException.invalid("--sha256 must be 64 hex digits");
        }
        VireoClient vireo = client.connect();
        OperationView op = vireo.importImage(new ImageImportRequest(absolute(source), alias,
                sha256 == null ? null : sha256.toLowerCase(Locale.ROOT)));
        return Operations.complete(spec, vireo, op, "Importing " + alias, "Imported image " + alias);
    }

    /** URLs pass through; a path is made absolute for the daemon. */
    static String absolute(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return source;
        }
        return HostPaths.absolute(source);
    }
}
