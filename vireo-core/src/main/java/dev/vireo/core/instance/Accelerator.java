package dev.vireo.core.instance;

import dev.vireo.api.VireoException;
import java.util.Locale;

/** How QEMU runs guest code. AUTO is resolved from the host probe at start. */
public enum Accelerator {
    AUTO, KVM, TCG;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Accelerator parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw VireoException.invalid("invalid accelerator '" + text + "': use kvm, tcg or auto");
        }
    }
}
