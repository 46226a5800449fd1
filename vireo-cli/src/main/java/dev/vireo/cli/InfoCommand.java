package dev.vireo.cli;

import dev.vireo.api.InstanceView;
import dev.vireo.api.NicView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", description = "Show one instance, with a line per NIC.",
        footer = {"", "Examples:", "  vireo info demo", "  vireo info demo --json"})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String name;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        InstanceView i = client.connect().instance(name);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, i)) {
            return 0;
        }
        String status = i.status() == null ? null : i.status().label();
        if (status != null && i.statusReason() != null && !i.statusReason().isBlank()) {
            status += " (" + i.statusReason() + ")";
        }
        Fields fields = new Fields()
                .add("name", i.name())
                .add("uuid", i.uuid())
                .add("type", i.type())
                .add("status", status)
                .add("image", i.image())
                .add("cpus", i.cpus())
                .add("memory", Formats.size(i.memoryBytes()))
                .add("disk", Formats.size(i.diskBytes()))
                .add("accelerator", i.accelerator())
                .add("addresses", i.addresses() == null ? null : String.join(", ", i.addresses()));
        if (i.nics() != null) { // older daemons do not report NICs
            i.nics().forEach(nic -> fields.add("nic " + nic.name(), nic(nic)));
        }
        fields.add("ssh", Formats.sshCommand(i.ssh()))
                .add("pid", i.pid())
                .add("created", Formats.time(i.createdAt()))
                .print(out);
        return 0;
    }

    /** "network lan, mac 52:54:00:12:34:56, ip 10.30.0.10, security groups web ssh, leased yes". */
    static String nic(NicView nic) {
        List<String> groups = nic.securityGroups() == null ? List.of() : nic.securityGroups();
        return "network " + Table.text(nic.network()) + ", mac " + Table.text(nic.mac()) + ", ip "
                + Table.text(nic.ip()) + ", security groups " + Table.text(String.join(" ", groups))
                + ", leased " + Formats.yesNo(nic.leased());
    }
}
