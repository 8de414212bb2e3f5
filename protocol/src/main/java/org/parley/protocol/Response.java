package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** The server's answer to one request, echoing its id. */
public sealed interface Response extends Frame {

    long id();

    /** The server's zone is sent so that clients show and read timestamps in server local time (SPEC 4.4). */
    @JsonTypeName("hello-ok")
    record HelloOk(long id, int version, String server, String zone) implements Response {}

    @JsonTypeName("login-prompt")
    record LoginPrompt(long id, Prompt prompt) implements Response {
        public enum Prompt { PASSWORD, NEW_PASSWORD }
    }

    @JsonTypeName("logged-in")
    record LoggedIn(long id, String username) implements Response {}

    /** A request that needs no data back succeeded. */
    @JsonTypeName("ok")
    record Ok(long id) implements Response {}

    /** Delivered live, or stored (committed) for delivery at the recipient's next login. */
    @JsonTypeName("message-sent")
    record MessageSent(long id, String to, boolean stored) implements Response {}

    /** Committed broadcast; {@code someSkipped} when a recipient had blocked the sender. */
    @JsonTypeName("broadcast-sent")
    record BroadcastSent(long id, long number, long at, boolean someSkipped) implements Response {}

    @JsonTypeName("users")
    record UserList(long id, List<String> users) implements Response {}

    @JsonTypeName("active-user-list")
    record ActiveUserList(long id, List<ActiveUser> users) implements Response {}

    @JsonTypeName("room-built")
    record RoomBuilt(long id, long roomId, List<String> members, boolean existed) implements Response {}

    @JsonTypeName("room-message-sent")
    record RoomMessageSent(long id, long roomId, long number, long at) implements Response {}

    /**
     * One page of history. {@code more} says whether another page may follow: ask again with
     * {@code after} = {@code next}. {@code next} is the last position the server looked at, which is
     * past the last item when items from blocked senders were left out; a page may then even be empty
     * while {@code more} is true. Every page fits one frame ({@link Limits#MAX_FRAME_BYTES}).
     */
    @JsonTypeName("history-result")
    record History(long id, HistoryKind kind, List<HistoryItem> items, boolean more, HistoryCursor next)
            implements Response {

        /** A last (or only) page. */
        public History(long id, HistoryKind kind, List<HistoryItem> items) {
            this(id, kind, items, false, null);
        }
    }

    /**
     * Authorisation to send one file straight to the audience's UDP port; {@code key} is the transfer's
     * AES-256 key (see {@link Validation#isTransferKey}), the same the audience gets.
     */
    @JsonTypeName("upload-ticket")
    record UploadTicket(long id, String user, String host, int port, long transferId, String token, String key)
            implements Response {}

    @JsonTypeName("bye")
    record Bye(long id, String username) implements Response {}

    /**
     * A request failed, or a frame could not be read ({@code id} 0 when unknown). {@code message} is the
     * line a user should see.
     */
    @JsonTypeName("error")
    record Error(long id, ErrorCode code, String message) implements Response {}
}
