package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
