package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** Frames the server pushes without a request. Times are epoch milliseconds. */
public sealed interface Event extends Frame {

    @JsonTypeName("user-logged-in")
    record UserLoggedIn(String user) implements Event {}

    @JsonTypeName("user-logged-out")
    record UserLoggedOut(String user) implements Event {}

    /**
     * A direct message; {@code offline} when it was sent before this session's login. {@code messageId} is
     * its id in the server's store: the client acknowledges it with {@link Request.Ack} once it has it,
     * and only then is it delivered for good (until then it is sent again at the next login, so the
     * same id may arrive twice across sessions and the client drops the second).
     */
    @JsonTypeName("message-received")
    @JsonPropertyOrder({"messageId", "from", "text", "at", "offline"})
    record MessageReceived(long messageId, String from, String text, long at, boolean offline) implements Event {}

    @JsonTypeName("broadcast-received")
    record BroadcastReceived(String from, String text, long number, long at) implements Event {}

    @JsonTypeName("room-joined")
    record RoomJoined(long roomId, List<String> members, String by) implements Event {}

    @JsonTypeName("room-message-received")
    record RoomMessageReceived(long roomId, String from, String text, long number, long at) implements Event {}

    /** Someone asks this user for a private chat; answer with {@link Request.AnswerPrivate}. */
    @JsonTypeName("private-requested")
    record PrivateRequested(String from) implements Event {}

    /** To the asker: the target declined, or did not answer in time. */
    @JsonTypeName("private-declined")
    record PrivateDeclined(String user, boolean timedOut) implements Event {}

    /**
     * To the target: the question from {@code from} was not answered in time and is void; an answer
     * now is refused ({@code NO_PENDING_REQUEST}). The asker hears {@link PrivateDeclined} with
     * {@code timedOut} at the same moment.
     */
    @JsonTypeName("private-expired")
    record PrivateExpired(String from) implements Event {}

    /**
     * To the asker: connect to {@code host:port} over TLS, accept only a listener whose certificate has
     * {@code fingerprint} (the one {@code user} sent with its acceptance), and present {@code token}.
     */
    @JsonTypeName("private-accepted")
    record PrivateAccepted(String user, String host, int port, String token, String fingerprint) implements Event {}

    /**
     * To the target: accept one link from {@code user}, whose TLS client certificate has
     * {@code fingerprint} (the one {@code user} sent with its request) and who presents {@code token},
     * then answer with {@link Request.PrivateReady}.
     */
    @JsonTypeName("private-expect")
    record PrivateExpect(String user, String token, String fingerprint) implements Event {}

    /**
     * To the target: the link {@code user} opened to it after the introduction was refused, because a
     * certificate did not match ({@link LinkRefusal}); as {@code user}'s client reported it.
     */
    @JsonTypeName("private-link-refused")
    record PrivateLinkRefused(String user, LinkRefusal reason) implements Event {}

    /**
     * To the audience: an authorised upload is about to arrive on the UDP port, sealed under {@code key}
     * (see {@link Validation#isTransferKey}).
     */
    @JsonTypeName("upload-incoming")
    record UploadIncoming(String from, String fileName, long size, String sha256, long transferId, String token,
                          String key) implements Event {}

    /**
     * To one end of an authorised upload: the other end's session ended ({@code user} logged out, timed out or
     * lost its connection) before the transfer could finish, so it is over: the presenter stops sending, the
     * audience stops waiting. Sent at most once per end, only for a transfer still remembered (see
     * PROTOCOL.md); a client that has already finished the transfer ignores it.
     */
    @JsonTypeName("upload-cancelled")
    @JsonPropertyOrder({"transferId", "user", "fileName", "reason"})
    record UploadCancelled(long transferId, String user, String fileName, Reason reason) implements Event {
        public enum Reason { LOGGED_OUT, TIMED_OUT, DISCONNECTED }
    }

    /**
     * The server ended this session; the connection closes after it. {@code SHUTDOWN}: the server is
     * stopping on purpose (its operator stopped it), so a client may log in again once it is back.
     */
    @JsonTypeName("session-ended")
    record SessionEnded(Reason reason, String message) implements Event {
        public enum Reason { TIMEOUT, SHUTDOWN, KICKED }
    }
}
