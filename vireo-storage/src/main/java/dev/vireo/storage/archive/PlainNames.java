package dev.vireo.storage.archive;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * File names that are safe to create in, or read from, a directory we own: one path component of
 * at most 255 bytes, not {@code .} or {@code ..}, with no slash, backslash, colon (qemu-img reads
 * {@code proto:} prefixes) or control character. Spaces and parentheses are fine: VMware and
 * VirtualBox name disks after the VM ("Web Server (1)-disk1.vmdk").
 */
public final class PlainNames {
    private static final Pattern PLAIN = Pattern.compile("[^/\\\\:\\p{Cntrl}]{1,255}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private PlainNames() {}

    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches() && !name.equals(".") && !name.equals("..")
                && name.getBytes(StandardCharsets.UTF_8).length <= 255;
    }

    /** {@code name} with control characters shown as '?', so an error message stays on one line. */
    public static String printable(String name) {
        return CONTROL.matcher(name).replaceAll("?");
    }
}
