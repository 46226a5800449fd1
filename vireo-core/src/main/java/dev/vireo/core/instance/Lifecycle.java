package dev.vireo.core.instance;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import java.util.Locale;
import java.util.Set;

/** Which actions each state allows; a refused action names the state and the action. */
public final class Lifecycle {
    private Lifecycle() {}

    public static void check(String name, InstanceStatus status, InstanceAction action) {
        Set<InstanceStatus> allowed = switch (action) {
            case InstanceAction.Start s -> Set.of(InstanceStatus.STOPPED, InstanceStatus.ERROR);
            case InstanceAction.Stop s -> Set.of(InstanceStatus.RUNNING, InstanceStatus.PAUSED,
                    InstanceStatus.STARTING, InstanceStatus.ERROR);
            case InstanceAction.Restart r -> Set.of(InstanceStatus.RUNNING, InstanceStatus.PAUSED);
            case InstanceAction.Pause p -> Set.of(InstanceStatus.RUNNING);
            case InstanceAction.Resume r -> Set.of(InstanceStatus.PAUSED);
        };
        if (!allowed.contains(status)) {
            throw refused(name, status, action.verb());
        }
    }

    /** Delete needs a stopped instance, or force. */
    public static void checkDelete(String name, InstanceStatus status, boolean force) {
        if (!force && status != InstanceStatus.STOPPED && status != InstanceStatus.ERROR) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " is "
                    + label(status) + "; stop it first or use --force");
        }
    }

    static VireoException refused(String name, InstanceStatus status, String verb) {
        return new VireoException(ErrorCode.INVALID_STATE,
                "instance " + name + " is " + label(status) + "; cannot " + verb);
    }

    private static String label(InstanceStatus status) {
        return status.label().toLowerCase(Locale.ROOT);
    }
}
