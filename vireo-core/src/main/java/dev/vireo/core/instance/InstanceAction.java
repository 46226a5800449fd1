package dev.vireo.core.instance;

import java.time.Duration;

/** The closed set of lifecycle actions; the service switches over them exhaustively. */
public sealed interface InstanceAction {
    String verb();

    record Start() implements InstanceAction {
        public String verb() {
            return "start";
        }
    }

    /** ACPI power-down, then hard stop after {@code timeout}; {@code force} skips the ACPI step. */
    record Stop(Duration timeout, boolean force) implements InstanceAction {
        public String verb() {
            return "stop";
        }
    }

    record Restart(Duration timeout, boolean force) implements InstanceAction {
        public String verb() {
            return "restart";
        }
    }

    record Pause() implements InstanceAction {
        public String verb() {
            return "pause";
        }
    }

    record Resume() implements InstanceAction {
        public String verb() {
            return "resume";
        }
    }
}
