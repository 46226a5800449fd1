package dev.vireo.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small files that readers must never see half written: temp file plus rename. */
final class TextFiles {
    private TextFiles() {}

    /** Writes {@code text} to {@code file} atomically unless it already holds exactly that; true when written. */
    static boolean writeIfChanged(Path file, String text) {
        if (text.equals(read(file))) {
            return false;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return true;
    }

    /** The file's text, null when it does not exist or cannot be read. */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
