package dev.vireo.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {
    /** Which action each status allows ('y'); the whole contract in one place. */
    private static final String TABLE = """
                     start  stop  restart  pause  resume
            STOPPED    y     -       -       -      -
            STARTING   -     y       -       -      -
            RUNNING    -     y       y       y      -
            PAUSED     -     y       y       -      y
            STOPPING   -     -       -       -      -
            ERROR      y     y       -       -      -
            """;

    private static final Map<String, InstanceAction> ACTIONS = Map.of(
            "start", new InstanceAction.Start(),
            "stop", new InstanceAction.Stop(Duration.ofSeconds(30), false),
            "restart", new InstanceAction.Restart(Duration.ofSeconds(30), false),
            "pause", new InstanceAction.Pause(),
            "resume", new InstanceAction.Resume());

    static Stream<Arguments> table() {
        List<String> lines = TABLE.lines().filter(l -> !l.isBlank()).toList();
        List<String> verbs = Arrays.asList(lines.getFirst().trim().split("\\s+"));
        List<Arguments> cases = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split("\\s+");
            for (int i = 0; i < verbs.size(); i++) {
                cases.add(Arguments.of(InstanceStatus.valueOf(cells[0]), ACTIONS.get(verbs.get(i)),
                        cells[i + 1].equals("y")));
            }
        }
        return cases.stream();
    }

    @Test
    void tableCoversEveryStatusAndAction() {
        EnumSet<InstanceStatus> statuses = EnumSet.noneOf(InstanceStatus.class);
        table().forEach(a -> statuses.add((InstanceStatus) a.get()[0]));
        assertThat(statuses).containsExactlyInAnyOrder(InstanceStatus.values());
        assertThat(table()).hasSize(InstanceStatus.values().length * InstanceAction.class.getPermittedSubclasses().length);
    }

    @ParameterizedTest(name = "{0} + {1} -> allowed={2}")
    @MethodSource("table")
    void allowsExactlyTheActionsInTheTable(InstanceStatus status, InstanceAction action, boolean allowed) {
        if (allowed) {
            assertThatCode(() -> Lifecycle.check("web1", status, action)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> Lifecycle.check("web1", status, action))
                    .isInstanceOfSatisfying(VireoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                        assertThat(e.getMessage()).isEqualTo("instance web1 is "
                                + status.label().toLowerCase(Locale.ROOT) + "; cannot " + action.verb());
                    });
        }
    }

    @Test
    void refusalNamesTheInstanceItsStateAndTheAction() {
        assertThatThrownBy(() -> Lifecycle.check("web1", InstanceStatus.STOPPED, new InstanceAction.Pause()))
                .isInstanceOf(VireoException.class)
                .hasMessage("instance web1 is stopped; cannot pause");
    }

    @ParameterizedTest
    @EnumSource(value = InstanceStatus.class, names = {"STOPPED", "ERROR"})
    void deleteWithoutForceIsAllowedWhenNothingRuns(InstanceStatus status) {
        assertThatCode(() -> Lifecycle.checkDelete("web1", status, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(value = InstanceStatus.class, names = {"STARTING", "RUNNING", "PAUSED", "STOPPING"})
    void deleteWithoutForceIsRefusedWhileAGuestMayRun(InstanceStatus status) {
        assertThatThrownBy(() -> Lifecycle.checkDelete("web1", status, false))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("instance web1 is " + status.label().toLowerCase(Locale.ROOT)
                        + "; stop it first or use --force");
    }

    @ParameterizedTest
    @EnumSource(InstanceStatus.class)
    void deleteWithForceIsAllowedInEveryState(InstanceStatus status) {
        assertThatCode(() -> Lifecycle.checkDelete("web1", status, true)).doesNotThrowAnyException();
    }
}
