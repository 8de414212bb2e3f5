package org.parley.client.shell;

/** The client's exit statuses. */
public final class ExitCodes {
    /** Clean logout, idle timeout, or input ended. */
    public static final int OK = 0;
    /** Blocked account, refused login from options, lost or refused connection. */
    public static final int FAILURE = 1;
    /** Bad command-line arguments. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
