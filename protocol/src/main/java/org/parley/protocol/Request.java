package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** Frames a client sends to the server. Every request has an id the response echoes. */
public sealed interface Request extends Frame {

    long id();

    /**
     * First frame on a connection: the client's protocol version, and optionally the heartbeat it
     * promises: a frame (a {@link Ping} if nothing else) at least every {@code heartbeat} seconds. The
     * server then closes the connection when nothing arrived for three heartbeats, so a client that
     * vanished without closing (a dropped network, a suspended laptop) does not keep its session,
     * and its login, for hours. Without it the connection is never closed for silence.
     */
    @JsonTypeName("hello")
    record Hello(long id, int version, String agent, Integer heartbeat) implements Request {
        public Hello(long id, int version, String agent) {
            this(id, version, agent, null);
        }
    }

    /** Keeps a quiet connection known to be alive, both ways: answered {@code ok}, at any phase after hello. */
    @JsonTypeName("ping")
    record Ping(long id) implements Request {}

    /** Step one of login: answered by {@link Response.LoginPrompt} or an error. */
    @JsonTypeName("login-user")
    record LoginUser(long id, String username) implements Request {}

    /**
     * Step two of login. The ports are where this client accepts file uploads (UDP) and private-chat
     * links (TCP); 0 when it does not.
     */
    @JsonTypeName("login-password")
    record LoginPassword(long id, String password, int udpPort, int privatePort) implements Request {
        @Override
        public String toString() {
            return "LoginPassword[id=" + id + ", password=<hidden>, udpPort=" + udpPort + ", privatePort=" + privatePort + "]";
        }
    }

    @JsonTypeName("message")
    record SendMessage(long id, String to, String text) implements Request {}

    @JsonTypeName("broadcast")
    record SendBroadcast(long id, String text) implements Request {}

    @JsonTypeName("whoelse")
    record WhoElse(long id) implements Request {}

    @JsonTypeName("whoelsesince")
    record WhoElseSince(long id, long seconds) implements Request {}

    @JsonTypeName("active-users")
    record ActiveUsers(long id) implements Request {}

    @JsonTypeName("block")
    record Block(long id, String user) implements Request {}

    @JsonTypeName("unblock")
    record Unblock(long id, String user) implements Request {}

    /** Build a separate room of the caller and these users. */
    @JsonTypeName("room-build")
    record BuildRoom(long id, List<String> users) implements Request {}

    @JsonTypeName("room-message")
    record SendRoomMessage(long id, long roomId, String text) implements Request {}

    /**
     * Read one page of broadcast or room history strictly after {@code since} (epoch milliseconds).
     * {@code after} is the cursor of the previous page ({@link Response.History#next()}); absent (null)
     * for the first page, so a client that knows nothing of pages gets the first one.
     */
    @JsonTypeName("history")
    record ReadHistory(long id, HistoryKind kind, long since, HistoryCursor after) implements Request {

        /** The first page. */
        public ReadHistory(long id, HistoryKind kind, long since) {
            this(id, kind, since, null);
        }

        /** Where this page starts: strictly after {@link #after}, or at the beginning. */
        public HistoryCursor from() {
            return after == null ? HistoryCursor.START : after;
        }
    }

    /**
     * Ask {@code user} for a private chat; the answer arrives later as an event. {@code fingerprint} is the
     * SHA-256 fingerprint of the certificate this client will present on the link
     * ({@link Validation#isFingerprint}); the server hands it to the target with {@link Event.PrivateExpect}.
     */
    @JsonTypeName("private-start")
    record StartPrivate(long id, String user, String fingerprint) implements Request {}

    /**
     * The target's answer to a {@link Event.PrivateRequested}. An acceptance carries the fingerprint of the
     * certificate the target's private-chat port presents; the server hands it to the asker with
     * {@link Event.PrivateAccepted}. A decline needs none (null).
     */
    @JsonTypeName("private-answer")
    record AnswerPrivate(long id, String user, boolean accept, String fingerprint) implements Request {

        /** A decline, which carries no fingerprint. */
        public static AnswerPrivate decline(long id, String user) {
            return new AnswerPrivate(id, user, false, null);
        }
    }

    /**
     * The target has registered the token from {@link Event.PrivateExpect}; only now does the server send
     * the asker {@link Event.PrivateAccepted}, so the asker can never connect before the target expects it.
     */
    @JsonTypeName("private-ready")
    record PrivateReady(long id, String user) implements Request {}

    /**
     * The asker's link to {@code user}, whom the server introduced with {@link Event.PrivateAccepted}, was
     * refused because a certificate did not match; the server tells {@code user} with
     * {@link Event.PrivateLinkRefused}. Good once per introduction.
     */
    @JsonTypeName("private-refused")
    record ReportLinkRefused(long id, String user, LinkRefusal reason) implements Request {}

    /** Private-chat activity, reported without content so that it resets the idle timer. */
    @JsonTypeName("activity")
    record ReportActivity(long id) implements Request {}

    /** Ask the server to authorise an upload of a file to {@code user}. */
    @JsonTypeName("upload")
    record AuthorizeUpload(long id, String user, String fileName, long size, String sha256) implements Request {}

    /**
     * The client has these direct messages ({@link Event.MessageReceived#messageId}); the server marks
     * them delivered. Sent in batches, at most {@link Limits#MAX_ACK_IDS} ids each. Never answered when
     * accepted (acknowledgements flow at the rate messages arrive; an answer to each would double the
     * frames and tell the client nothing it can act on); a malformed one is answered with an error.
     */
    @JsonTypeName("ack")
    record Ack(long id, List<Long> messageIds) implements Request {}

    @JsonTypeName("logout")
    record Logout(long id) implements Request {}
}
