package org.parley.client.shell;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The client's options about what the shell shows, mixed into the client's command line: the time
 * format of live lines and the bell. Resolved with the mode (terminal or script) into a
 * {@link Presentation}: a terminal shows {@code HH:mm} by default; a script shows no time unless asked,
 * since scripts match whole lines.
 */
public final class ShellOptions {

    static final String DEFAULT_TIME_FORMAT = "HH:mm";
    static final String NO_TIME = "none";

    @Option(names = "--time-format", paramLabel = "PATTERN",
            description = "Time before live messages, a java.time pattern such as HH:mm:ss, or 'none' "
                    + "(default: " + DEFAULT_TIME_FORMAT + " on a terminal, none in scripted mode).")
    String timeFormat;

    @Option(names = "--no-bell", description = "Do not ring the terminal bell on a direct or private message.")
    boolean noBell;

    /**
     * The presentation for this mode; {@code env} gives the per-user state directory (history) on a
     * terminal. A pattern java.time cannot read is an {@link IllegalArgumentException} with the reason.
     */
    public Presentation resolve(boolean scripted, Map<String, String> env) {
        String pattern = timeFormat != null ? timeFormat : scripted ? NO_TIME : DEFAULT_TIME_FORMAT;
        return new Presentation(formatter(pattern), !noBell && !scripted,
                scripted ? Optional.empty() : InputHistory.directory(env));
    }

    static Optional<DateTimeFormatter> formatter(String pattern) {
        if (pattern.isBlank() || pattern.equalsIgnoreCase(NO_TIME)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DateTimeFormatter.ofPattern(pattern));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Error. Invalid time format: '" + pattern + "' (" + e.getMessage()
                    + "); try HH:mm, HH:mm:ss or none", e);
        }
    }

    /** Checks the pattern while the command line is read, so a bad one is a usage error (status 2). */
    public void check(CommandLine commandLine) {
        if (timeFormat != null) {
            try {
                formatter(timeFormat);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, e.getMessage());
            }
        }
    }
}
