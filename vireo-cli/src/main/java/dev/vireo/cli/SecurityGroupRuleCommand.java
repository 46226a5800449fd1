package dev.vireo.cli;

import dev.vireo.api.RuleRequest;
import dev.vireo.api.SecurityGroupView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rule", description = "Add and remove a security group's allow rules.",
        footer = {"", SecurityGroupCommand.RULE_SYNTAX_1, SecurityGroupCommand.RULE_SYNTAX_2,
            "", "Run 'vireo secgroup rule VERB --help' for a verb's flags."},
        subcommands = {SecurityGroupRuleCommand.Add.class, SecurityGroupRuleCommand.Remove.class, HelpCommand.class})
final class SecurityGroupRuleCommand extends VerbGroup {

    /** The {@code NAME --allow RULE} pair that these verbs take. */
    static final class Args {
        @Parameters(paramLabel = "NAME", description = "Security group name.")
        String group;

        @Option(names = "--allow", paramLabel = "RULE", required = true, description = SecurityGroupCommand.ALLOW)
        String rule;
    }

    @Command(name = "add", description = "Add an allow rule to a security group.",
            footer = {"", "Examples:", "  vireo secgroup rule add web --allow tcp:8080",
                "  vireo secgroup rule add web --allow udp:5000-5010/192.168.0.0/16"})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Args args;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SecurityGroupView g = client.connect().addRule(args.group, new RuleRequest(args.rule));
            return json.printOr(spec.commandLine().getOut(), g,
                    "Added rule " + args.rule + " to security group " + g.name());
        }
    }

    @Command(name = "remove", description = "Remove an allow rule from a security group.",
            footer = {"", "Example:", "  vireo secgroup rule remove web --allow tcp:8080"})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Args args;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SecurityGroupView g = client.connect().removeRule(args.group, args.rule);
            return json.printOr(spec.commandLine().getOut(), g,
                    "Removed rule " + args.rule + " from security group " + g.name());
        }
    }
}
