package org.parley.client.session;

import java.time.Duration;

/** Where a {@link ChatSession} stands with the server, as its {@link SessionListener}s are told. */
public sealed interface SessionState {

    /**
     * Logged in again as {@code username} after the connection was lost (the first login is not reported
     * here), on {@code server} ({@code host:port} as the user named it; with several servers, maybe
     * another one than before).
     */
    record Reconnected(String username, String server) implements SessionState {}

    /**
     * Not connected: attempt {@code attempt} to log in again starts in {@code delay}. {@code reason} says
     * why the last connection or attempt ended, as a line to show ("Connection to the server lost",
     * "The server is shutting down", "yoda is already logged in").
     */
    record Reconnecting(int attempt, Duration delay, String reason) implements SessionState {}

    /**
     * The session is over without a logout: the connection was lost and reconnecting is off or never
     * applied (no login yet), the time for reconnecting ran out, or the server refused the credentials.
     * {@code message} is the line to show.
     */
    record Ended(Reason reason, String message) implements SessionState {
        public enum Reason { LOST, GAVE_UP, REFUSED }
    }
}
