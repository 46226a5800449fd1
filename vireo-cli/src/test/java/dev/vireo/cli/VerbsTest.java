package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerbsTest {
    @Test
    void everyVerbIsRegisteredWhenNoneIsNamed() {
        CommandLine all = VireoCli.newCommandLine(new VireoCli());

        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(Verbs.NAMES);
        assertThat(Verbs.create("frobnicate")).isNull();
    }

    @Test
    void helpListsTheSnapshotCloneAndTransferVerbs() {
        CliRun help = CliRun.run("--help");

        assertThat(help.out().lines().map(String::strip)).anySatisfy(l -> assertThat(l).startsWith("snapshot "))
                .anySatisfy(l -> assertThat(l).startsWith("clone "))
                .anySatisfy(l -> assertThat(l).startsWith("publish "))
                .anySatisfy(l -> assertThat(l).startsWith("export "))
                .anySatisfy(l -> assertThat(l).startsWith("import "));
    }

    @Test
    void helpListsTheStorageVolumeAndBackupGroupsWithTheirVerbs() {
        CliRun help = CliRun.run("--help");

        assertThat(help.out().lines().map(String::strip)).anySatisfy(l -> assertThat(l).startsWith("backup "))
                .anySatisfy(l -> assertThat(l).startsWith("volume "))
                .anySatisfy(l -> assertThat(l).startsWith("storage "));
        CommandLine all = VireoCli.newCommandLine(new VireoCli());
        assertThat(all.getSubcommands().get("storage").getSubcommands().keySet())
                .containsExactly("create", "list", "show", "delete", "help");
        assertThat(all.getSubcommands().get("volume").getSubcommands().keySet()).containsExactly("create", "copy",
                "list", "show", "resize", "delete", "attach", "detach", "snapshot", "help");
        assertThat(all.getSubcommands().get("volume").getSubcommands().get("snapshot").getSubcommands().keySet())
                .containsExactly("create", "list", "restore", "delete", "help");
        assertThat(all.getSubcommands().get("backup").getSubcommands().keySet())
                .containsExactly("create", "list", "restore", "delete", "help");
    }

    @Test
    void helpListsTheNetworkAndSecurityGroupGroupsWithTheirVerbs() {
        CliRun help = CliRun.run("--help");

        assertThat(help.out().lines().map(String::strip)).anySatisfy(l -> assertThat(l).startsWith("network "))
                .anySatisfy(l -> assertThat(l).startsWith("secgroup "));
        CommandLine all = VireoCli.newCommandLine(new VireoCli());
        CommandLine network = all.getSubcommands().get("network");
        CommandLine secgroup = all.getSubcommands().get("secgroup");
        assertThat(network.getSubcommands().keySet())
                .containsExactly("create", "list", "show", "delete", "forward", "help");
        assertThat(network.getSubcommands().get("forward").getSubcommands().keySet())
                .containsExactly("add", "list", "remove", "help");
        assertThat(secgroup.getSubcommands().keySet())
                .containsExactly("create", "list", "show", "delete", "rule", "attach", "detach", "help");
        assertThat(secgroup.getSubcommands().get("rule").getSubcommands().keySet())
                .containsExactly("add", "remove", "help");
    }

    @Test
    void everyVerbThatPrintsAResourceOffersJson() {
        CommandLine all = VireoCli.newCommandLine(new VireoCli());
        for (String group : List.of("storage", "volume", "backup", "network", "secgroup")) {
            all.getSubcommands().get(group).getSubcommands().values().forEach(VerbsTest::assertJsonWherePrinting);
        }
    }

    private static void assertJsonWherePrinting(CommandLine command) {
        var spec = command.getCommandSpec();
        command.getSubcommands().values().forEach(VerbsTest::assertJsonWherePrinting);
        boolean confirmsOnly = spec.name().equals("delete") && !spec.parent().name().equals("snapshot")
                || spec.name().equals("restore") && spec.parent().name().equals("backup")
                || spec.name().equals("remove") && spec.parent().name().equals("forward")
                || spec.name().equals("help") || !command.getSubcommands().isEmpty();
        if (!confirmsOnly) {
            assertThat(spec.findOption("--json")).as(spec.qualifiedName()).isNotNull();
        }
    }

    @Test
    void aVerbRegisteredAloneBehavesAsInTheFullTree() {
        for (String verb : Verbs.NAMES) {
            String alone = VireoCli.newCommandLine(new VireoCli(), new String[] {verb})
                    .getSubcommands().get(verb).getUsageMessage();
            String inFull = VireoCli.newCommandLine(new VireoCli()).getSubcommands().get(verb).getUsageMessage();
            assertThat(alone).as(verb).isEqualTo(inFull);
        }
    }

    @Test
    void everyOptionAndParameterHasADescription() {
        CommandLine all = VireoCli.newCommandLine(new VireoCli());
        all.getSubcommands().values().forEach(VerbsTest::assertDescribed);
    }

    private static void assertDescribed(CommandLine command) {
        var spec = command.getCommandSpec();
        assertThat(spec.usageMessage().description()).as(spec.qualifiedName()).isNotEmpty();
        spec.options().forEach(o -> assertThat(o.description()).as(spec.qualifiedName() + " " + o.longestName())
                .isNotEmpty());
        spec.positionalParameters().forEach(p -> assertThat(p.description())
                .as(spec.qualifiedName() + " " + p.paramLabel()).isNotEmpty());
        command.getSubcommands().values().forEach(VerbsTest::assertDescribed);
    }
}
