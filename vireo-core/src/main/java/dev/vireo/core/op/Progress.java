package dev.vireo.core.op;

/** Reports progress of slow work: fraction in [0,1] (or negative when unknown) and a short text. */
@FunctionalInterface
public interface Progress {
    void update(double fraction, String text);

    /** Something the work could not do but does not fail for; shown to the user when it ends. */
    default void warn(String warning) {}

    Progress NONE = (fraction, text) -> {};
}
