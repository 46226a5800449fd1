package dev.vireo.s3.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The two date formats SigV4 accepts: ISO 8601 basic (X-Amz-Date) and RFC 1123 (Date). */
final class AmzDates {
    static final DateTimeFormatter AMZ =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDates() {}

    static Optional<Instant> parseAmz(String value) {
        try {
            return Optional.of(AMZ.parse(value.strip(), Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Instant> parseHttp(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String format(Instant instant) {
        return AMZ.format(instant);
    }
}
