package dev.vireo.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReverterTest {
    private final List<String> undone = new ArrayList<>();

    @Test
    void closingWithoutSuccessUndoesInReverseOrder() {
        try (Reverter reverter = new Reverter()) {
            reverter.add(() -> undone.add("row"));
            reverter.add(() -> undone.add("dir"));
            reverter.add(() -> undone.add("disk"));
        }

        assertThat(undone).containsExactly("disk", "dir", "row");
    }

    @Test
    void successSkipsEveryUndo() {
        try (Reverter reverter = new Reverter()) {
            reverter.add(() -> undone.add("row"));
            reverter.add(() -> undone.add("dir"));
            reverter.success();
        }

        assertThat(undone).isEmpty();
    }

    @Test
    void anExceptionInTheBodyUndoesAndStillPropagates() {
        assertThatThrownBy(() -> {
            try (Reverter reverter = new Reverter()) {
                reverter.add(() -> undone.add("row"));
                throw new IllegalStateException("disk full");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("disk full");

        assertThat(undone).containsExactly("row");
    }

    @Test
    void aFailingUndoDoesNotStopTheOthers() {
        try (Reverter reverter = new Reverter()) {
            reverter.add(() -> undone.add("first"));
            reverter.add(() -> {
                throw new java.io.IOException("cannot delete");
            });
            reverter.add(() -> {
                throw new IllegalStateException("gone");
            });
            reverter.add(() -> undone.add("last"));
        }

        assertThat(undone).containsExactly("last", "first");
    }

    @Test
    void stepsAddedAfterSuccessAreNotUndoneEither() {
        Reverter reverter = new Reverter();
        reverter.add(() -> undone.add("before"));
        reverter.success();
        reverter.add(() -> undone.add("after"));
        reverter.close();

        assertThat(undone).isEmpty();
    }

    @Test
    void closingTwiceUndoesOnce() {
        Reverter reverter = new Reverter();
        reverter.add(() -> undone.add("row"));
        reverter.close();
        reverter.close();

        assertThat(undone).containsExactly("row");
    }
}
