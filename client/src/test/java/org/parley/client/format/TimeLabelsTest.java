package org.parley.client.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeLabelsTest {

    private static final List<String> PATTERNS = List.of("HH:mm", "HH:mm:ss", "HH:mm:ss.SSS", "ss", "S", "n", "A",
            "h:mm a", "HH:mm z", "HH:mm xxxxx", "yyyy-MM-dd HH:mm VV", "EEE d MMM HH:mm");
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/London"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/St_Johns"), ZoneId.of("Africa/Monrovia"),
            ZoneOffset.ofHoursMinutesSeconds(0, 44, 30), ZoneOffset.ofHoursMinutesSeconds(-5, -17, -7));

    @Test
    void aReusedLabelIsAlwaysWhatFormattingTheInstantGives() {
        Random random = new Random(12);
        for (String pattern : PATTERNS) {
            DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern);
            for (ZoneId zone : ZONES) {
                TimeLabels labels = new TimeLabels(format, zone);
                for (long t : instants(zone, random)) {
                    assertThat(labels.label(t)).as(pattern + " in " + zone + " at " + Instant.ofEpochMilli(t))
                            .isEqualTo("[" + format.withZone(zone).format(Instant.ofEpochMilli(t)) + "] ");
                }
            }
        }
    }

    @Test
    void aLabelIsReusedForAMinuteOrASecondOnlyWhereThePatternShowsNoLess() {
        assertThat(TimeLabels.granule(DateTimeFormatter.ofPattern("HH:mm"), ZoneOffset.UTC)).isEqualTo(60_000);
        assertThat(TimeLabels.granule(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"), ZoneId.of("Europe/Paris")))
                .isEqualTo(60_000);
        assertThat(TimeLabels.granule(DateTimeFormatter.ofPattern("HH:mm:ss"), ZoneOffset.UTC)).isEqualTo(1_000);
        assertThat(TimeLabels.granule(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"), ZoneOffset.UTC)).isZero();
        assertThat(TimeLabels.granule(DateTimeFormatter.ofPattern("S"), ZoneOffset.UTC)).isZero();
    }

    /**
     * Instants as a session sees them: mostly a little after the last, sometimes before it (an offline
     * message, a history page) or far away; and around each offset change of the zone in a few years,
     * including the seconds-wide offsets of local mean time.
     */
    private static List<Long> instants(ZoneId zone, Random random) {
        List<Long> out = new ArrayList<>();
        long t = LocalDateTime.of(2026, 3, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 3_000; i++) {
            int step = random.nextInt(10);
            t += step < 6 ? random.nextInt(2_000) : step < 8 ? random.nextInt(200_000) : step < 9 ? -random.nextInt(90_000)
                    : random.nextInt(40) * 86_400_000L;
            out.add(t);
        }
        ZoneOffsetTransition transition = zone.getRules().nextTransition(Instant.parse("1971-06-01T00:00:00Z"));
        for (int i = 0; i < 12 && transition != null; i++) {
            long at = transition.toEpochSecond() * 1000;
            for (long d = -125_000; d <= 125_000; d += 1 + random.nextInt(7_000)) {
                out.add(at + d);
            }
            for (long d = 125_000; d >= -125_000; d -= 1 + random.nextInt(7_000)) {
                out.add(at + d);
            }
            out.add(at - 1);
            out.add(at);
            out.add(at - 1);
            transition = zone.getRules().nextTransition(transition.getInstant().plusSeconds(86_400L * 150));
        }
        return out;
    }
}
