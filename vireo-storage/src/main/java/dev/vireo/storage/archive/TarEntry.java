package dev.vireo.storage.archive;

import java.util.Objects;

/**
 * One member of a tar archive as its headers describe it (long names from pax or GNU headers
 * already applied). {@code type} is the ustar typeflag ('0' regular, '2' symlink, ...);
 * {@code sparse} marks GNU sparse files, whose data is not the file's bytes.
 */
record TarEntry(String name, char type, long size, String linkName, boolean sparse) {
    TarEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(linkName);
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    boolean isRegular() {
        return (type == '0' || type == '\0' || type == '7') && !sparse;
    }

    /** What kind of member this is, for messages. */
    String kind() {
        if (sparse) {
            return "a sparse file";
        }
        return switch (type) {
            case '0', '\0', '7' -> "a regular file";
            case '1' -> "a hard link (to '" + PlainNames.printable(linkName) + "')";
            case '2' -> "a symbolic link (to '" + PlainNames.printable(linkName) + "')";
            case '3' -> "a character device";
            case '4' -> "a block device";
            case '5' -> "a directory";
            case '6' -> "a FIFO";
            default -> "of unsupported type '" + PlainNames.printable(String.valueOf(type)) + "'";
        };
    }
}
