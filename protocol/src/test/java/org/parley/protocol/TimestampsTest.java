package org.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final ZoneId ZONE = ZoneId.of("Australia/Sydney");
    private static final long AT = LocalDateTime.of(2022, 6, 1, 21, 30, 4).atZone(ZONE).toInstant().toEpochMilli();

    @Test
    void formatsTheReferenceForm() {
        assertThat(Timestamps.format(AT, ZONE)).isEqualTo("1 Jun 2022 21:30:04");
    }

    @Test
    void readsReferenceZeroPaddedAndIsoForms() {
        Instant expected = Instant.ofEpochMilli(AT);
        assertThat(Timestamps.parse("1 Jun 2022 21:30:04", ZONE)).contains(expected);
        assertThat(Timestamps.parse("01 Jun 2022 21:30:04", ZONE)).contains(expected);
        assertThat(Timestamps.parse("1 jun 2022  21:30:04", ZONE)).contains(expected);
        assertThat(Timestamps.parse("2022-06-01T21:30:04", ZONE)).contains(expected);
        assertThat(Timestamps.parse("2022-06-01T11:30:04Z", ZONE)).contains(expected);
        assertThat(Timestamps.parse("2022-06-01T21:30:04+10:00", ZONE)).contains(expected);
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"yesterday", "32 Jun 2022 21:30:04", "1 Jun 2022", "", "1 Juni 2022 21:30:04"}) {
            assertThat(Timestamps.parse(bad, ZONE)).as(bad).isEmpty();
        }
    }

    @Test
    void aOneDigitHourIsRead() {
        Instant nineThirty = LocalDateTime.of(2022, 6, 1, 9, 30, 4).atZone(ZONE).toInstant();
        assertThat(Timestamps.parse("1 Jun 2022 9:30:04", ZONE)).contains(nineThirty);
        assertThat(Timestamps.parse("1 Jun 2022 09:30:04", ZONE)).contains(nineThirty);
        assertThat(Timestamps.parse("1 Jun 2022 0:00:00", ZONE))
                .contains(LocalDateTime.of(2022, 6, 1, 0, 0, 0).atZone(ZONE).toInstant());
    }

    @Test
    void impossibleDatesAreRefusedNotMovedToANearbyOne() {
        for (String bad : new String[] {"31 Feb 2026 10:00:00", "29 Feb 2026 10:00:00", "31 Apr 2026 10:00:00",
                "1 Jun 2022 24:00:00", "1 Jun 2022 21:60:00", "1 Jun 2022 21:30:60", "0 Jun 2022 21:30:04",
                "2026-02-31T10:00:00", "2026-02-30T10:00:00Z", "2026-02-29T10:00:00+01:00", "1 Jun 2022 123:30:04"}) {
            assertThat(Timestamps.parse(bad, ZONE)).as(bad).isEmpty();
        }
        assertThat(Timestamps.parse("29 Feb 2024 10:00:00", ZONE))
                .contains(LocalDateTime.of(2024, 2, 29, 10, 0, 0).atZone(ZONE).toInstant());
    }

    @Test
    void instantsEpochMillisCannotHoldAreRefused() {
        for (String far : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59", "+292278994-08-17T07:12:56Z"}) {
            assertThat(Timestamps.parse(far, ZONE)).as(far).isEmpty();
        }
        Instant latest = Instant.ofEpochMilli(Long.MAX_VALUE);
        assertThat(Timestamps.parse(latest.minusMillis(latest.toEpochMilli() % 1000).toString(), ZONE))
                .get().satisfies(t -> assertThat(t.toEpochMilli()).isPositive());
        assertThat(Timestamps.parse("10000 Jun 2022 21:30:04", ZONE)).isEmpty();
    }
}
