package dev.vireo.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads /proc/self/mountinfo, to know whether a FUSE export is (still) mounted. */
final class Mounts {
    private Mounts() {}

    static boolean isMountPoint(Path path) {
        try {
            return mountPoints(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.ISO_8859_1))
                    .contains(path.toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** The fifth field of each line, with the kernel's octal escapes (\040 for a space) undone. */
    static List<String> mountPoints(String mountinfo) {
        return mountinfo.lines().map(l -> l.split(" ")).filter(f -> f.length > 4).map(f -> unescape(f[4])).toList();
    }

    static String unescape(String field) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                s.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
