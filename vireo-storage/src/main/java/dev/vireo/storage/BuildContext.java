package dev.vireo.storage;

import dev.vireo.core.op.Progress;
import java.nio.file.Path;
import java.util.Objects;

/** What a recipe builds with: a scratch dir, the output dir (same filesystem), qemu-img and progress. */
record BuildContext(Path work, Path out, QemuImg qemuImg, Progress progress) {
    BuildContext {
        Objects.requireNonNull(work);
        Objects.requireNonNull(out);
        Objects.requireNonNull(qemuImg);
        Objects.requireNonNull(progress);
    }

    /** Progress of a sub-step mapped onto [from, to] of the whole; unknown (negative) stays unknown. */
    static Progress span(Progress whole, double from, double to) {
        return (fraction, text) -> whole.update(fraction < 0 ? from : from + Math.min(1, fraction) * (to - from), text);
    }

    Progress span(double from, double to) {
        return span(progress, from, to);
    }
}
