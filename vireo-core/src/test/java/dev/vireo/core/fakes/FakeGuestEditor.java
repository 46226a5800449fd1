package dev.vireo.core.fakes;

import dev.vireo.core.guest.GuestEdit;
import dev.vireo.core.guest.GuestEditor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** GuestEditor that records what it was asked to do: "identity DISK HOSTNAME" or "sysprep DISK". */
public final class FakeGuestEditor implements GuestEditor {
    private final List<String> edits = new CopyOnWriteArrayList<>();

    @Override
    public GuestEdit regenerateIdentity(Path disk, String hostname) {
        edits.add("identity " + disk.getFileName() + " " + hostname);
        return new GuestEdit(List.of("new /etc/machine-id"), List.of());
    }

    @Override
    public GuestEdit sysprep(Path disk) {
        edits.add("sysprep " + disk.getFileName());
        return new GuestEdit(List.of("emptied /etc/machine-id"), List.of("fake: nothing cleaned"));
    }

    public List<String> edits() {
        return List.copyOf(edits);
    }
}
