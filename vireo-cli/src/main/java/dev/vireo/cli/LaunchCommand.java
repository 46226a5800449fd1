package dev.vireo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "launch",
        description = {"Create an instance from an image and start it.",
            "Waits until the guest finished first boot (cloud-init), showing progress on stderr."},
        footer = {"", "Examples:", "  vireo launch debian/12 demo",
            "  vireo launch debian/12 web1 --cpus 2 --memory 2GiB --disk 20G \\",
            "      --ssh-key ~/.ssh/id_ed25519.pub --user-data cloud-config.yaml",
            "  vireo launch debian/12 db1 --volume pgdata:/var/lib/postgresql",
            "  vireo launch debian/12 app1 --network lan,ip=10.30.0.10,secgroup=web \\",
            "      --network user --seed metadata"})
final class LaunchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LaunchOptions options;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return InstanceLauncher.run(spec, client, json, options, true);
    }
}
