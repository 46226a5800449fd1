package dev.vireo.api;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints byte sizes: "512M", "1GiB", "20G" and plain byte counts; binary units throughout. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(i?b)?|b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGT";

    private Sizes() {}

    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw VireoException.invalid("size is empty");
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw VireoException.invalid("invalid size '" + text + "' (use e.g. 512MiB, 2GiB, 20G)");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw VireoException.invalid("size '" + text + "' is too large");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : 10 * (UNITS.indexOf(unit) + 1);
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            throw VireoException.invalid("size '" + text + "' is too large");
        }
        return value << shift;
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        int unit = Math.min(UNITS.length(), (63 - Long.numberOfLeadingZeros(bytes)) / 10);
        double v = bytes / (double) (1L << (10 * unit));
        if (unit < UNITS.length() && Math.round(v * 10) / 10.0 >= 1024) {
            unit++;
            v = bytes / (double) (1L << (10 * unit));
        }
        String num = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
        return num + UNITS.charAt(unit - 1) + "iB";
    }
}
