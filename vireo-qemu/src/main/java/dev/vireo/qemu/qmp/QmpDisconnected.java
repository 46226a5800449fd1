package dev.vireo.qemu.qmp;

/** The QMP socket could not be reached or was closed (QEMU exited, or we closed it). */
public final class QmpDisconnected extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpDisconnected(String message) {
        super(message, null);
    }

    public QmpDisconnected(String message, Throwable cause) {
        super(message, cause);
    }
}
