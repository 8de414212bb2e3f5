package org.parley.client.shell;

/**
 * Where the shell reads lines and writes output: a JLine terminal or plain standard streams (scripted).
 * Reading happens on one thread; {@link #println} may be called from any thread.
 */
public interface Console extends AutoCloseable {

    /** The next command line, or null when input has ended. */
    String readCommand();

    /** Shows {@code prompt} (no newline) and reads the answer, or null when input has ended. */
    String readLine(String prompt);

    /** Like {@link #readLine(String)} but not echoed on a terminal. */
    String readPassword(String prompt);

    /** One whole line of output; on a terminal it appears above the line being typed. */
    void println(String line);

    /** A chat line whose parts may be coloured; consoles without colour print its plain text. */
    default void println(org.parley.client.format.StyledLine line) {
        println(line.plain());
    }

    /** Rings the terminal bell (a direct or private message arrived); scripts have none. */
    default void bell() {
    }

    /**
     * From now on keep the lines typed at the command prompt in {@code file}, at most {@code maxLines},
     * and load what it holds; consoles without a history (scripts) ignore it.
     */
    default void useHistory(java.nio.file.Path file, int maxLines) {
    }

    /**
     * A line saying a request was refused (by the server or by the parser): marked as such (red on a
     * colour terminal) by what it is, not by its words, since some refusals are classic answers without
     * the {@code Error.} prefix ({@code The separate room does not exist}). Plain for a script.
     */
    default void refusal(String line) {
        println(line);
    }

    /** One line about a failure: standard error for a script, the screen on a terminal. */
    default void error(String line) {
        println(line);
    }

    /**
     * True when a person answers the prompts, so that a refused login may ask again from the start; a
     * script's next line was written for the prompt it expected, so it must not answer another one.
     */
    default boolean interactive() {
        return false;
    }

    /**
     * Replaces the lines of the status area (upload progress) with these; an empty list clears it.
     * Consoles without one (scripts) ignore it.
     */
    default void status(java.util.List<String> lines) {
    }

    /**
     * Ends the read that {@code reading} is blocked in, which then returns null as if the input had ended;
     * the line being typed is dropped. Consoles that cannot interrupt a read ignore it.
     */
    default void cancelRead(Thread reading) {
    }

    @Override
    void close();
}
