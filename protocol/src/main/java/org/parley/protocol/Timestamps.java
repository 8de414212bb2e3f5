package org.parley.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one timestamp form users see, {@code d MMM yyyy HH:mm:ss} in English (SPEC 4.4), and the lenient
 * reading of what users type: that form, a zero-padded day, or ISO-8601.
 */
public final class Timestamps {

    public static final String EXPECTED_FORM = "d MMM yyyy HH:mm:ss (e.g. 1 Jun 2022 21:30:04)";

    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.ENGLISH);

    /** Accepts one- or two-digit days and any case of the month abbreviation. */
    private static final DateTimeFormatter LENIENT_DISPLAY = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d MMM yyyy HH:mm:ss")
            .toFormatter(Locale.ENGLISH);

    private Timestamps() {}

    public static String format(long epochMillis, ZoneId zone) {
        return DISPLAY.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** Parses what a user typed, in {@code zone} unless the text carries its own offset. */
    public static Optional<Instant> parse(String text, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().replaceAll("\\s+", " ");
        try {
            return Optional.of(LocalDateTime.parse(s, LENIENT_DISPLAY).atZone(zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // not the display form; try ISO-8601 below
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException ignored) {
            // no offset; try a local ISO date-time
        }
        try {
            return Optional.of(LocalDateTime.parse(s).atZone(zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // try a plain ISO instant as the last form
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
