package dev.vireo.core.instance;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Waits for the image's ready marker (cloud-init's final message) on the serial log, reading
 * only what was appended since {@code offset} (the log is kept across boots).
 */
final class ReadinessWaiter {
    private static final long POLL_MILLIS = 50;
    private final Clock clock;

    ReadinessWaiter(Clock clock) {
        this.clock = clock;
    }

    /** Returns the seconds waited; fails when the guest stops or the timeout passes. */
    double await(String name, Path log, long offset, Pattern marker, Duration timeout, BooleanSupplier alive,
            Progress progress) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        long position = offset;
        StringBuilder tail = new StringBuilder();
        while (true) {
            position = readNew(log, position, tail);
            if (marker.matcher(tail).find()) {
                return Duration.between(start, clock.instant()).toMillis() / 1000.0;
            }
            trim(tail);
            if (!alive.getAsBoolean()) {
                throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name
                        + " stopped before first boot finished; see: vireo console " + name + " --show-log");
            }
            Instant now = clock.instant();
            if (now.isAfter(deadline)) {
                throw new VireoException(ErrorCode.TIMEOUT, "instance " + name + " is running but first boot did "
                        + "not finish within " + Math.max(1, timeout.toSeconds()) + " s; see: vireo console " + name
                        + " --show-log");
            }
            long waited = Duration.between(start, now).toSeconds();
            progress.update(-1, "waiting for first boot (" + waited + " s)");
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static long readNew(Path log, long position, StringBuilder tail) {
        if (!Files.exists(log)) {
            return position;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            if (length <= position) {
                return position;
            }
            byte[] buf = new byte[(int) Math.min(length - position, 1 << 20)];
            f.seek(position);
            f.readFully(buf);
            tail.append(new String(buf, StandardCharsets.UTF_8));
            return position + buf.length;
        } catch (IOException e) {
            return position;
        }
    }

    /** Keeps the end of the text so a marker split across reads still matches. */
    private static void trim(StringBuilder tail) {
        if (tail.length() > 8192) {
            tail.delete(0, tail.length() - 4096);
        }
    }
}
