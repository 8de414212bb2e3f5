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

    @Override
    void close();
}
