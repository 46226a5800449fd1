package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "secgroup",
        description = {"Security groups: inbound allow rules for instances' NICs on managed networks.",
            "A NIC with groups accepts only what one of its groups allows."},
        footer = {"", SecurityGroupCommand.RULE_SYNTAX_1, SecurityGroupCommand.RULE_SYNTAX_2,
            "", "Run 'vireo secgroup VERB --help' for a verb's flags."},
        subcommands = {SecurityGroupCreateCommand.class, SecurityGroupListCommand.class,
            SecurityGroupShowCommand.class, SecurityGroupDeleteCommand.class, SecurityGroupRuleCommand.class,
            SecurityGroupAttachCommand.class, SecurityGroupDetachCommand.class, HelpCommand.class})
final class SecurityGroupCommand extends VerbGroup {
    static final String RULE_SYNTAX_1 = "A RULE is PROTO[:PORTS][/SOURCE]: tcp:22,80/0.0.0.0/0, udp:5000-5010, icmp,";
    static final String RULE_SYNTAX_2 = "icmp/10.0.0.0/8. PORTS are a list of ports and ranges; SOURCE a CIDR "
            + "(default: anywhere).";
    static final String ALLOW = "Inbound traffic to allow, e.g. tcp:22,80/0.0.0.0/0, udp:5000-5010, icmp or "
            + "icmp/10.0.0.0/8 (PROTO[:PORTS][/SOURCE]; source default: anywhere).";
}
