package org.parley.client.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The time label before a live line ({@code "[12:04] "}), formatted once per minute of the zone's local
 * time instead of once per line: formatting an instant in a zone was a tenth of a receiving terminal
 * client's profile samples per message, 5-20 us a line measured alone (BENCHMARKS.md, "Receiving client
 * CPU per message"). A label is reused only
 * where it cannot differ: within one local minute (one second, for a pattern that shows seconds; never,
 * for one that shows less than a second) and never across a change of the zone's offset. Which of the
 * three a formatter is, is found once by formatting points of two sample minutes.
 *
 * <p>Thread-safe: the last label is one immutable value, replaced whole.
 */
final class TimeLabels {

    private static final long MINUTE = 60_000;
    private static final long SECOND = 1_000;
    /** Offsets into a sample minute at which a minute-wide (or second-wide) label must not change. */
    private static final long[] MINUTE_PROBES = {1, 999, 1_000, 30_000, 59_000, 59_999};
    private static final long[] SECOND_PROBES = {1, 500, 999};

    private final DateTimeFormatter format;
    private final ZoneRules rules;
    /** How long a label may be reused, in local time: a minute, a second, or 0 (never). */
    private final long granule;
    private volatile Label last = new Label(0, 0, "");

    /** A label and the instants [from, until) in epoch milliseconds it is right for. */
    private record Label(long from, long until, String text) {
    }

    /** {@code format} is used in {@code zone}, whatever zone it had. */
    TimeLabels(DateTimeFormatter format, ZoneId zone) {
        this.format = format.withZone(zone);
        this.rules = zone.getRules();
        this.granule = granule(format, zone);
    }

    /** {@code "[" + the time + "] "}, exactly as formatting {@code epochMillis} gives it. */
    String label(long epochMillis) {
        Label l = last;
        if (epochMillis >= l.from() && epochMillis < l.until()) {
            return l.text();
        }
        String text = "[" + format.format(Instant.ofEpochMilli(epochMillis)) + "] ";
        if (granule > 0) {
            last = window(epochMillis, text);
        }
        return text;
    }

    /** The local minute (or second) around {@code t}, cut at the zone's offset changes before and after it. */
    private Label window(long t, String text) {
        Instant at = Instant.ofEpochMilli(t);
        long offset = rules.getOffset(at).getTotalSeconds() * 1000L;
        long from = Math.floorDiv(t + offset, granule) * granule - offset;
        long until = from + granule;
        // the first transition at or after from; every one up to t moves from forward past it
        ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochMilli(from - 1));
        while (next != null && next.toEpochSecond() * 1000 <= t) {
            from = next.toEpochSecond() * 1000;
            next = rules.nextTransition(next.getInstant());
        }
        if (next != null) {
            until = Math.min(until, next.toEpochSecond() * 1000);
        }
        return new Label(from, until, text);
    }

    /** A minute, a second or 0: how long a label of {@code format} in {@code zone} may be reused, in local time. */
    static long granule(DateTimeFormatter format, ZoneId zone) {
        format = format.withZone(zone);
        try {
            if (constantWithin(format, zone, MINUTE_PROBES)) {
                return MINUTE;
            }
            return constantWithin(format, zone, SECOND_PROBES) ? SECOND : 0;
        } catch (DateTimeException e) {
            // a formatter that needs what an instant does not give fails on every line anyway: no reuse
            return 0;
        }
    }

    /** True when the label is the same at the start of two sample minutes and at every probe into them. */
    private static boolean constantWithin(DateTimeFormatter format, ZoneId zone, long[] probes) {
        for (LocalDateTime sample : new LocalDateTime[] {LocalDateTime.of(2001, 2, 3, 4, 5), LocalDateTime.of(2001, 7, 8, 9, 10)}) {
            long start = sample.atZone(zone).toInstant().toEpochMilli();
            String first = format.format(Instant.ofEpochMilli(start));
            for (long probe : probes) {
                if (!first.equals(format.format(Instant.ofEpochMilli(start + probe)))) {
                    return false;
                }
            }
        }
        return true;
    }
}
