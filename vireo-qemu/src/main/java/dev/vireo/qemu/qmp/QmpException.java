package dev.vireo.qemu.qmp;

/** Base of the three ways a QMP exchange fails: the peer is gone, too slow, or said no. */
public abstract sealed class QmpException extends RuntimeException permits QmpDisconnected, QmpTimeout, QmpError {
    private static final long serialVersionUID = 1L;

    QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
