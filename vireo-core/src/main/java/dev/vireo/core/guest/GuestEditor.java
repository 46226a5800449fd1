package dev.vireo.core.guest;

import java.nio.file.Path;

/**
 * SPI: edits a stopped guest's disk from the host, without booting it and without mounting the
 * guest's filesystem in the host kernel. Only what the editor can read is changed; what it
 * cannot (an unknown filesystem, no /etc) comes back as a warning, never as a half-edit.
 */
public interface GuestEditor {
    /**
     * A clone's fresh identity: a new random /etc/machine-id, /var/lib/dbus/machine-id replaced
     * when it is a file, every /etc/ssh/ssh_host_*_key pair replaced by a new key of the same
     * type, and /etc/hostname set to {@code hostname}.
     */
    GuestEdit regenerateIdentity(Path disk, String hostname);

    /**
     * Cleans a template like virt-sysprep: machine-id emptied, SSH host keys, cloud-init state,
     * logs, shell history and DHCP leases removed.
     */
    GuestEdit sysprep(Path disk);
}
