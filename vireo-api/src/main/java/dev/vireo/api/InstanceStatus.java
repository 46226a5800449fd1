package dev.vireo.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum InstanceStatus {
    STOPPED("Stopped"),
    STARTING("Starting"),
    RUNNING("Running"),
    PAUSED("Paused"),
    STOPPING("Stopping"),
    ERROR("Error");

    private final String label;

    InstanceStatus(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static InstanceStatus fromLabel(String label) {
        for (InstanceStatus s : values()) {
            if (s.label.equalsIgnoreCase(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status " + label);
    }
}
