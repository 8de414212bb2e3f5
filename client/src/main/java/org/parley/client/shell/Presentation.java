package org.parley.client.shell;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * How the shell presents chat, decided from the command line: the time before live lines (none when
 * empty), whether a direct or private message rings the bell, and where input history is kept (none:
 * no history file, as in scripted mode or when no home directory is known). Immutable.
 */
public record Presentation(Optional<DateTimeFormatter> timeFormat, boolean bell, Optional<Path> historyDir) {

    /** Lines kept in a history file; older ones are dropped when it is saved. */
    public static final int HISTORY_LINES = 1000;

    /** The reference lines only: no time, no bell, no history (tests and embedders). */
    public static Presentation plain() {
        return new Presentation(Optional.empty(), false, Optional.empty());
    }
}
