package dev.vireo.core.op;

/** Reports progress of slow work: fraction in [0,1] (or negative when unknown) and a short text. */
@FunctionalInterface
public interface Progress {
    void update(double fraction, String text);

    Progress NONE = (fraction, text) -> {};
}
