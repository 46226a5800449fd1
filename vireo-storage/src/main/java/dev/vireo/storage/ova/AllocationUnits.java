package dev.vireo.storage.ova;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte multipliers of OVF allocation units: DMTF programmatic units ({@code byte * 2^20},
 * {@code byte*10^9}) and the names VirtualBox and old VMware exports use ({@code MegaBytes},
 * {@code MB}, which they mean as 2^20).
 */
final class AllocationUnits {
    private static final Pattern PROGRAMMATIC = Pattern.compile("bytes?(?:\\*(2|10)\\^(\\d{1,2}))?");
    private static final Map<String, Long> NAMED = Map.of(
            "kb", 1L << 10, "kilobytes", 1L << 10,
            "mb", 1L << 20, "megabytes", 1L << 20,
            "gb", 1L << 30, "gigabytes", 1L << 30,
            "tb", 1L << 40, "terabytes", 1L << 40);

    private AllocationUnits() {}

    /** Bytes per unit, or empty when the units are not understood (or overflow a long). */
    static OptionalLong bytesPer(String units) {
        String u = units.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        if (NAMED.containsKey(u)) {
            return OptionalLong.of(NAMED.get(u));
        }
        Matcher m = PROGRAMMATIC.matcher(u);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        if (m.group(1) == null) {
            return OptionalLong.of(1);
        }
        long base = Long.parseLong(m.group(1));
        long result = 1;
        try {
            for (int i = 0; i < Integer.parseInt(m.group(2)); i++) {
                result = Math.multiplyExact(result, base);
            }
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(result);
    }
}
