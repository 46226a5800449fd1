package dev.vireo.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;

/**
 * Copies bytes between this terminal and a console socket. Reads and writes use the channel
 * directly, so input and output threads never wait on each other.
 */
final class ConsoleSession {
    /** Ctrl-]: the usual detach key (telnet, virsh console). */
    static final int DETACH = 0x1d;

    private final SocketChannel channel;
    private volatile boolean detached;

    ConsoleSession(SocketChannel channel) {
        this.channel = channel;
    }

    /** Copies until the console closes or, when {@code detachKey}, the user presses Ctrl-]. Returns true if detached. */
    boolean run(boolean detachKey) throws IOException {
        // Raw file streams: System.in/out buffering would hold back keystrokes and guest output.
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        Thread input = Thread.ofPlatform().daemon().name("vireo-console-input").start(() -> copyInput(in, detachKey));
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (channel.read(buffer.clear()) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
            }
        } catch (AsynchronousCloseException closedByDetach) {
            // The input thread closed the channel on Ctrl-]; the loop is meant to end here.
        }
        input.interrupt();
        return detached;
    }

    private void copyInput(InputStream in, boolean detachKey) {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int end = detachKey ? indexOf(buffer, n, DETACH) : -1;
                writeFully(buffer, end >= 0 ? end : n);
                if (end >= 0) {
                    detached = true;
                    channel.close();
                    return;
                }
            }
            // End of input: keep showing output until the console closes, like `cat`.
        } catch (IOException e) {
            // The console went away; the output loop notices and ends the session.
        }
    }

    private void writeFully(byte[] bytes, int length) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(bytes, 0, length);
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    private static int indexOf(byte[] bytes, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
