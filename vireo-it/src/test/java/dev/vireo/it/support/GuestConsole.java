package dev.vireo.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Types into a guest's serial console (its unix socket) and reads what it printed (the serial log). */
public final class GuestConsole {
    private final Path socket;
    private final Path log;

    public GuestConsole(Path instanceDir) {
        this.socket = instanceDir.resolve("console.sock");
        this.log = instanceDir.resolve("serial.log");
    }

    /** Sends one line to the guest's shell. */
    public void type(String line) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            Thread.sleep(200); // let QEMU take the bytes before the connection goes
        } catch (IOException e) {
            throw new UncheckedIOException("cannot type into " + socket, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything printed so far, from byte {@code offset} on. */
    public String since(long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until the output after {@code offset} matches {@code regex}; returns the first match's group 1. */
    public String await(long offset, String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        String[] found = new String[1];
        org.awaitility.Awaitility.await("console shows " + regex).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            Matcher m = p.matcher(since(offset));
            if (m.find()) {
                found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                return true;
            }
            return false;
        });
        return found[0];
    }

    /** The last match of {@code regex}'s group 1 after {@code offset}, or null. */
    public String last(long offset, String regex) {
        Matcher m = Pattern.compile(regex).matcher(since(offset));
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }
}
