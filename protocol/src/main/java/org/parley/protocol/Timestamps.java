package org.parley.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * The one timestamp form users see, {@code d MMM yyyy HH:mm:ss} in English (SPEC 4.4), and the lenient
 * reading of what users type: that form (any case of the month, a one- or two-digit day and hour), or
 * ISO-8601. Lenient in form, strict in meaning: an impossible date ({@code 31 Feb}, {@code 24:00:00})
 * is refused rather than moved to a nearby one, and so is an instant that epoch milliseconds (the
 * wire's time unit) cannot hold. Stateless and thread-safe.
 */
public final class Timestamps {

    public static final String EXPECTED_FORM = "d MMM yyyy HH:mm:ss (e.g. 1 Jun 2022 21:30:04)";

    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.ENGLISH);

    /**
     * Accepts one- or two-digit days and hours and any case of the month abbreviation. {@code uuuu}
     * (proleptic year) rather than {@code yyyy} (year of era), because strict resolving needs an era
     * for the latter.
     */
    private static final DateTimeFormatter LENIENT_DISPLAY = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d MMM uuuu H:mm:ss")
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Timestamps() {}

    public static String format(long epochMillis, ZoneId zone) {
        return DISPLAY.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /**
     * Parses what a user typed, in {@code zone} unless the text carries its own offset; empty when it is
     * not a timestamp, names no real date and time, or lies beyond what epoch milliseconds can hold.
     */
    public static Optional<Instant> parse(String text, ZoneId zone) {
        return parseAnyInstant(text, zone).filter(t -> !t.isBefore(EARLIEST) && !t.isAfter(LATEST));
    }

    private static Optional<Instant> parseAnyInstant(String text, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().replaceAll("\\s+", " ");
        try {
            return Optional.of(LocalDateTime.parse(s, LENIENT_DISPLAY).atZone(zone).toInstant());
        } catch (DateTimeException ignored) {
            // not the display form; try ISO-8601 below
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeException ignored) {
            // no offset; try a local ISO date-time
        }
        try {
            return Optional.of(LocalDateTime.parse(s).atZone(zone).toInstant());
        } catch (DateTimeException ignored) {
            // try a plain ISO instant as the last form
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
