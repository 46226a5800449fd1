package dev.vireo.cli;

import dev.vireo.api.PoolRequest;
import dev.vireo.api.PoolView;
import dev.vireo.api.VireoException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create",
        description = {"Create a storage pool: a directory of volume files (dir) or an LVM thin pool (lvm-thin)."},
        footer = {"", "Examples:", "  vireo storage create bulk --path /srv/vireo-volumes",
            "  vireo storage create fast --driver lvm-thin --vg vg0/thinpool"})
final class StorageCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Name of the new pool.")
    String name;

    @Option(names = "--driver", paramLabel = "dir|lvm-thin",
            description = "Pool driver (default: lvm-thin with --vg, else dir).")
    String driver;

    @Option(names = "--path", paramLabel = "DIR", description = "Directory of a dir pool (made absolute here).")
    String path;

    @Option(names = "--vg", paramLabel = "VG[/THINPOOL]",
            description = "Volume group of an lvm-thin pool, optionally with its thin pool.")
    String vg;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        PoolView pool = client.connect().createPool(request());
        PrintWriter out = spec.commandLine().getOut();
        if (!json.print(out, pool)) {
            out.println("Created storage pool " + pool.name() + " (" + pool.driver() + ", " + pool.source() + ")");
            out.flush();
        }
        return 0;
    }

    /** Only what the flags alone can tell; the daemon checks the rest (drivers, directories, VGs). */
    PoolRequest request() {
        if (path != null && vg != null) {
            throw VireoException.invalid("give --path (dir pool) or --vg (lvm-thin pool), not both");
        }
        String kind = driver != null ? driver : vg != null ? "lvm-thin" : null;
        if (path != null && kind != null && !kind.equals("dir")) {
            throw VireoException.invalid("--path is for dir pools; an " + kind + " pool takes --vg");
        }
        if (vg != null && kind.equals("dir")) {
            throw VireoException.invalid("--vg is for lvm-thin pools; a dir pool takes --path");
        }
        return new PoolRequest(name, kind, path != null ? HostPaths.absolute(path) : vg);
    }
}
