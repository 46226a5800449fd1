package dev.vireo.cli;

import dev.vireo.api.ImageView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one image.",
        footer = {"", "Examples:", "  vireo image show debian/12", "  vireo image show debian/12 --json"})
final class ImageShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ALIAS", description = "Image alias, e.g. debian/12.")
    String alias;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ImageView i = client.connect().image(alias);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, i)) {
            return 0;
        }
        new Fields()
                .add("alias", i.alias())
                .add("fingerprint", i.fingerprint())
                .add("format", i.format())
                .add("boot", i.boot())
                .add("size", Formats.size(i.sizeBytes()))
                .add("virtual size", Formats.size(i.virtualSizeBytes()))
                .add("cloud-init", Formats.yesNo(i.cloudInit()))
                .add("ready marker", i.readyMarker())
                .add("source", i.source())
                .add("created", Formats.time(i.createdAt()))
                .add("used by", i.usedBy() == null || i.usedBy().isEmpty() ? null : String.join(", ", i.usedBy()))
                .print(out);
        return 0;
    }
}
