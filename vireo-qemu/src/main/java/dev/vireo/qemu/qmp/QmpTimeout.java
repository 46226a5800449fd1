package dev.vireo.qemu.qmp;

/** QEMU did not answer in time; the connection may still be usable. */
public final class QmpTimeout extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpTimeout(String message) {
        super(message, null);
    }
}
