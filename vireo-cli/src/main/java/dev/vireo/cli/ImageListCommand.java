package dev.vireo.cli;

import dev.vireo.api.ImageView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List images.",
        footer = {"", "Examples:", "  vireo image list", "  vireo image list --json"})
final class ImageListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<ImageView> images = client.connect().images();
        Table table = new Table("ALIAS", "FINGERPRINT", "FORMAT", "BOOT", "SIZE", "VIRTUAL SIZE", "CREATED");
        return json.printTable(spec.commandLine().getOut(), images, table, i -> new Object[] {
                i.alias(), shortFingerprint(i.fingerprint()), i.format(), i.boot(), Formats.size(i.sizeBytes()),
                Formats.size(i.virtualSizeBytes()), Formats.time(i.createdAt())});
    }

    /** Twelve hex digits tell images apart in a table; `image show` prints the whole fingerprint. */
    static String shortFingerprint(String fingerprint) {
        return fingerprint == null || fingerprint.length() <= 12 ? fingerprint : fingerprint.substring(0, 12);
    }
}
