package org.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fuzzes {@link Timestamps#parse}, which reads what users type after {@code RDM}. The seeds are in
 * {@code TimestampsFuzzTestInputs/parse}; docs/FUZZING.md says how to fuzz for longer.
 */
class TimestampsFuzzTest {

    /** A zone with daylight saving (gaps and overlaps), one far east, and UTC. */
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Australia/Sydney"), ZoneId.of("Pacific/Kiritimati"),
            ZoneId.of("UTC"));

    /**
     * Properties: never throws; whatever it accepts fits the wire's epoch milliseconds; the display form
     * of an accepted instant reads back to the same display form; and a text of the display form's
     * shape is accepted exactly when it names a real date and time (no 31 Feb moved to 28 Feb).
     */
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        for (ZoneId zone : ZONES) {
            Optional<Instant> parsed = Timestamps.parse(text, zone);
            parsed.ifPresent(t -> {
                long millis = t.toEpochMilli(); // throws ArithmeticException if the range check is gone
                LocalDateTime local = LocalDateTime.ofInstant(t, zone);
                if (local.getYear() >= 1 && local.getYear() <= 9999) {
                    String shown = Timestamps.format(millis, zone);
                    Optional<Instant> again = Timestamps.parse(shown, zone);
                    assertThat(again).as("%s shown as %s", text, shown).isPresent();
                    assertThat(Timestamps.format(again.get().toEpochMilli(), zone)).isEqualTo(shown);
                }
            });
            displayShape(text).ifPresent(expected -> assertThat(parsed.isPresent())
                    .as("'%s' names a real time: %s", text, expected).isEqualTo(expected));
        }
    }

    /**
     * When the text is {@code d MMM yyyy H:mm:ss} by shape (digits and an English month abbreviation,
     * single spaces), whether it names a real local date and time; empty for any other shape.
     */
    private static Optional<Boolean> displayShape(String text) {
        String[] parts = text.split(" ", -1);
        if (parts.length != 4 || !parts[0].matches("\\d{1,2}") || !parts[2].matches("\\d{4}")
                || !parts[3].matches("\\d{1,2}:\\d{2}:\\d{2}")) {
            return Optional.empty();
        }
        Month month = null;
        for (Month m : Month.values()) {
            if (m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(parts[1])) {
                month = m;
            }
        }
        if (month == null) {
            return Optional.empty();
        }
        String[] hms = parts[3].split(":");
        try {
            LocalDate.of(Integer.parseInt(parts[2]), month, Integer.parseInt(parts[0]))
                    .atTime(Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), Integer.parseInt(hms[2]));
            return Optional.of(true);
        } catch (DateTimeException e) {
            return Optional.of(false);
        }
    }
}
