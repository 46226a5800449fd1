package dev.vireo.cli;

import dev.vireo.api.StateRequest;
import dev.vireo.api.client.VireoClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A lifecycle verb applied to several instances: the verbs differ only in action and wording. */
abstract class StateVerb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Instance names.")
    List<String> names;

    @Mixin
    ClientOptions client;

    private final String action;
    private final String doing;
    private final String done;

    StateVerb(String action, String doing, String done) {
        this.action = action;
        this.doing = doing;
        this.done = done;
    }

    StateRequest request(String action) {
        return new StateRequest(action, null, null);
    }

    @Override
    public final Integer call() {
        VireoClient vireo = client.connect();
        StateRequest request = request(action);
        return InstanceBatch.run(spec, vireo, names, name -> vireo.changeState(name, request), doing, done);
    }
}
