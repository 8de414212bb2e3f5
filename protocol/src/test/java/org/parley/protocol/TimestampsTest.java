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
}
