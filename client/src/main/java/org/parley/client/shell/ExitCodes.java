package org.parley.client.shell;

/** The client's exit statuses. */
public final class ExitCodes {
    /** Clean logout, idle timeout, or input ended after a login. */
    public static final int OK = 0;
    /** Blocked account, refused login from options, lost or refused connection. */
    public static final int FAILURE = 1;
    /** Bad command-line arguments. */
    public static final int USAGE = 2;
    /**
     * The session never started: input ended before a login succeeded, or (scripted) a refusal would have
     * sent the dialogue back to the Username prompt, where the next line, meant as a password, would be
     * taken as a user name.
     */
    public static final int NOT_LOGGED_IN = 3;

    private ExitCodes() {}
}
