package dev.vireo.cli;

import dev.vireo.api.ImageBuildRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "build",
        description = {"Build an image from a recipe on the daemon's host, offline (e.g. Debian with mmdebstrap).",
            "The image's alias is the recipe's name."},
        footer = {"", "Examples:", "  vireo image build debian/12", "  vireo image build debian/12 --rebuild"})
final class ImageBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RECIPE", description = "Recipe name, e.g. debian/12.")
    String recipe;

    @Option(names = "--rebuild", description = "Build again even if the image already exists.")
    boolean rebuild;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        OperationView op = vireo.buildImage(new ImageBuildRequest(recipe, rebuild ? Boolean.TRUE : null));
        return Operations.complete(spec, vireo, op, "Building " + recipe, "Built image " + recipe);
    }
}
