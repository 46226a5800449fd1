package dev.vireo.qemu.qmp;

import java.util.Objects;

/** QEMU answered a command with {@code {"error": {"class": ..., "desc": ...}}}. */
public final class QmpError extends QmpException {
    private static final long serialVersionUID = 1L;
    private final String errorClass;
    private final String desc;

    public QmpError(String command, String errorClass, String desc) {
        super(command + ": " + errorClass + ": " + desc, null);
        this.errorClass = Objects.requireNonNull(errorClass);
        this.desc = Objects.requireNonNull(desc);
    }

    public String errorClass() {
        return errorClass;
    }

    public String desc() {
        return desc;
    }
}
