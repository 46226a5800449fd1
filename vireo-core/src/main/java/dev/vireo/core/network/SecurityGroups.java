package dev.vireo.core.network;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.NicView;
import dev.vireo.api.SecurityGroupRequest;
import dev.vireo.api.SecurityGroupView;
import dev.vireo.api.VireoException;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.util.Names;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Security groups: named sets of inbound allow rules attached to NICs. A change to a group is
 * applied at once to every network where one of its NICs is.
 */
public final class SecurityGroups {
    private final StateStore state;
    private final NetworkService networks;
    private final Clock clock;

    SecurityGroups(StateStore state, NetworkService networks, Clock clock) {
        this.state = state;
        this.networks = networks;
        this.clock = clock;
    }

    public SecurityGroupView create(SecurityGroupRequest req) {
        if (req == null) {
            throw VireoException.invalid("no security group given");
        }
        String name = name(req.name());
        List<SecurityRule> rules = req.allow() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(req.allow().stream().map(SecurityRule::parse).toList()));
        SecurityGroup group = new SecurityGroup(name, rules, clock.instant());
        state.insertSecurityGroup(group);
        return view(group);
    }

    private static String name(String name) {
        try {
            return Names.instance(name);
        } catch (VireoException e) {
            throw VireoException.invalid("invalid security group name '" + name + "': use 1-63 lowercase letters,"
                    + " digits and '-', not starting or ending with '-'");
        }
    }

    public List<SecurityGroupView> list() {
        return state.listSecurityGroups().stream().map(this::view).toList();
    }

    public SecurityGroupView get(String name) {
        return view(require(name));
    }

    SecurityGroup require(String name) {
        return state.findSecurityGroup(name).orElseThrow(() -> VireoException.notFound("security group " + name));
    }

    public void delete(String name) {
        require(name);
        List<String> users = nicsWith(name);
        if (!users.isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "security group " + name + " is attached to "
                    + String.join(", ", users) + "; detach it first");
        }
        state.deleteSecurityGroup(name);
    }

    public SecurityGroupView addRule(String name, String rule) {
        synchronized (networks) {
            SecurityGroup group = require(name);
            SecurityRule parsed = SecurityRule.parse(rule);
            if (group.rules().contains(parsed)) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "security group " + name + " already allows "
                        + parsed);
            }
            List<SecurityRule> rules = new ArrayList<>(group.rules());
            rules.add(parsed);
            return change(group.withRules(rules));
        }
    }

    public SecurityGroupView removeRule(String name, String rule) {
        synchronized (networks) {
            SecurityGroup group = require(name);
            SecurityRule parsed = SecurityRule.parse(rule);
            if (!group.rules().contains(parsed)) {
                throw VireoException.notFound("rule " + parsed + " in security group " + name);
            }
            return change(group.withRules(group.rules().stream().filter(r -> !r.equals(parsed)).toList()));
        }
    }

    private SecurityGroupView change(SecurityGroup updated) {
        SecurityGroup before = require(updated.name());
        state.updateSecurityGroup(updated);
        try {
            networksUsing(updated.name()).forEach(networks::apply);
        } catch (RuntimeException e) {
            state.updateSecurityGroup(before);
            networksUsing(updated.name()).forEach(networks::apply);
            throw e;
        }
        return view(updated);
    }

    /** Attaches {@code group} to {@code instance}'s NIC {@code nicName} (eth0 when null). */
    public NicView attach(String instance, String group, String nicName) {
        synchronized (networks) {
            require(group);
            Nic nic = nic(instance, nicName);
            if (nic.securityGroups().contains(group)) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "security group " + group + " is already attached"
                        + " to " + instance + "/" + nic.name());
            }
            List<String> groups = new ArrayList<>(nic.securityGroups());
            groups.add(group);
            return update(nic, nic.withSecurityGroups(groups));
        }
    }

    public NicView detach(String instance, String group, String nicName) {
        synchronized (networks) {
            Nic nic = nic(instance, nicName);
            if (!nic.securityGroups().contains(group)) {
                throw VireoException.notFound("security group " + group + " on " + instance + "/" + nic.name());
            }
            return update(nic, nic.withSecurityGroups(nic.securityGroups().stream().filter(g -> !g.equals(group))
                    .toList()));
        }
    }

    private NicView update(Nic before, Nic after) {
        state.updateNic(after);
        try {
            networks.apply(after.network());
        } catch (RuntimeException e) {
            state.updateNic(before);
            networks.apply(before.network());
            throw e;
        }
        return networks.views(after.instance()).stream().filter(v -> v.name().equals(after.name())).findFirst()
                .orElseThrow();
    }

    private Nic nic(String instance, String nicName) {
        state.findInstance(instance).orElseThrow(() -> VireoException.notFound("instance " + instance));
        String name = nicName == null ? "eth0" : nicName;
        return networks.nicsOf(instance).stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> VireoException.notFound("NIC " + name + " of instance " + instance
                        + " (security groups need a NIC on a managed network)"));
    }

    /** The rules that admit traffic to {@code nic}: those of all its groups. */
    List<SecurityRule> rulesOf(Nic nic) {
        Set<SecurityRule> rules = new LinkedHashSet<>();
        for (String g : nic.securityGroups()) {
            state.findSecurityGroup(g).ifPresent(group -> rules.addAll(group.rules()));
        }
        return List.copyOf(rules);
    }

    private List<String> nicsWith(String group) {
        return state.listNics().stream().filter(n -> n.securityGroups().contains(group))
                .map(n -> n.instance() + "/" + n.name()).toList();
    }

    private List<String> networksUsing(String group) {
        return state.listNics().stream().filter(n -> n.securityGroups().contains(group)).map(Nic::network)
                .distinct().toList();
    }

    private SecurityGroupView view(SecurityGroup g) {
        return new SecurityGroupView(g.name(), g.rules().stream().map(SecurityRule::toString).toList(),
                nicsWith(g.name()), g.createdAt());
    }
}
