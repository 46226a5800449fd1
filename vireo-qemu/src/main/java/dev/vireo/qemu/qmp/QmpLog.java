package dev.vireo.qemu.qmp;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends one VM's QMP traffic to its log: {@code <time> -> json} sent, {@code <- json} received, {@code --} notes. */
public final class QmpLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QmpLog.class);
    private static final QmpLog NONE = new QmpLog(null, Clock.systemUTC());

    private final Writer out;
    private final Clock clock;

    private QmpLog(Writer out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static QmpLog none() {
        return NONE;
    }

    /** Opens {@code file} for appending; several connections (or daemons) may append to the same file. */
    public static QmpLog appendingTo(Path file, Clock clock) {
        try {
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return new QmpLog(writer, clock);
        } catch (IOException e) {
            LOG.warn("cannot open QMP log {}: {}", file, e.toString());
            return NONE;
        }
    }

    void sent(String json) {
        write("->", json);
    }

    void received(String json) {
        write("<-", json);
    }

    void note(String text) {
        write("--", text);
    }

    private synchronized void write(String direction, String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(clock.instant() + " " + direction + " " + text + "\n");
            out.flush();
        } catch (IOException e) {
            LOG.debug("QMP log write failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("QMP log close failed: {}", e.toString());
        }
    }
}
