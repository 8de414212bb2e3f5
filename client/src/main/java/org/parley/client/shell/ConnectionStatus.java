package org.parley.client.shell;

import java.time.Duration;
import java.util.Locale;
import org.parley.client.session.SessionListener;
import org.parley.client.session.SessionState;

/**
 * Renders the session's connection state: a line per reconnect attempt (also pinned in the status area
 * of a terminal until the session is back), {@code Reconnected as <user> (server <host:port>)} once it is, and the end of the
 * shell when the session is over. Private chats are not touched (their links do not need the server);
 * questions the lost server had asked are withdrawn. Called on the session's thread or an event loop.
 */
final class ConnectionStatus implements SessionListener {

    private static final String KEY = "connection";

    private final ShellOutput output;
    private final StatusArea status;
    private final PrivateChat privateChat;

    ConnectionStatus(ShellOutput output, StatusArea status, PrivateChat privateChat) {
        this.output = output;
        this.status = status;
        this.privateChat = privateChat;
    }

    @Override
    public void onStateChanged(SessionState state) {
        if (state instanceof SessionState.Reconnecting r) {
            if (r.attempt() == 1) {
                privateChat.serverLost();
            }
            String line = reconnectingLine(r);
            output.print(line);
            status.put(KEY, line);
        } else if (state instanceof SessionState.Reconnected r) {
            status.remove(KEY);
            output.print(reconnectedLine(r));
        } else if (state instanceof SessionState.Ended e) {
            status.remove(KEY);
            output.finish(ExitCodes.FAILURE, e.message());
        }
    }

    /** Names the server, which with several of them may be another one than before. */
    static String reconnectedLine(SessionState.Reconnected r) {
        return "Reconnected as " + r.username() + " (server " + r.server() + ")";
    }

    static String reconnectingLine(SessionState.Reconnecting r) {
        return r.reason() + "; reconnecting in " + seconds(r.delay()) + " (attempt " + r.attempt() + ")";
    }

    /** "0.5 s", "2 s", "17 s": whole seconds once the tenths no longer matter. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis >= 10_000 || millis % 1000 == 0) {
            return Math.round(millis / 1000.0) + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
