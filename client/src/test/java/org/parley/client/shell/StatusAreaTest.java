package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAreaTest {

    /** A console that only records what its status area shows. */
    private static final class StatusRecorder implements Console {
        final List<List<String>> shown = new ArrayList<>();

        @Override public String readCommand() { return null; }
        @Override public String readLine(String prompt) { return null; }
        @Override public String readPassword(String prompt) { return null; }
        @Override public void println(String line) { }
        @Override public void status(List<String> lines) { shown.add(List.copyOf(lines)); }
        @Override public void close() { }
    }

    @Test
    void pinnedLinesStayUntilRemovedAndKeepTheirOrder() {
        StatusRecorder console = new StatusRecorder();
        StatusArea area = new StatusArea(console);
        area.put("q:luke", "luke would like to private message, enter y or n: ");
        area.put("q:leia", "leia would like to private message, enter y or n: ");
        area.remove("q:luke");
        area.remove("q:nobody");

        assertThat(console.shown).containsExactly(
                List.of("luke would like to private message, enter y or n: "),
                List.of("luke would like to private message, enter y or n: ",
                        "leia would like to private message, enter y or n: "),
                List.of("leia would like to private message, enter y or n: "));
    }

    @Test
    void progressLineShowsBarPercentRateAndTimeLeft() {
        assertThat(StatusArea.progressLine("UDP film.mp4 to hans", 50, 100, 25))
                .isEqualTo("UDP film.mp4 to hans [##########----------]  50% 0.0 MB/s 2 s left");
        assertThat(StatusArea.progressLine("x", 0, 0, 0)).contains("[####################] 100%").endsWith("--");
    }
}
