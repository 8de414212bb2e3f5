package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Frames on a private-chat link, the direct TCP connection between two clients (SPEC 5). Same framing
 * as the server connection: one JSON object per line, at most {@link Limits#MAX_FRAME_BYTES}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface LinkFrame {

    /** First frame from the connecting side: who it is and the one-time token the server issued. */
    @JsonTypeName("link-hello")
    record Hello(String from, String token) implements LinkFrame {}

    /** The listening side accepted the token; from now on either side may send messages. */
    @JsonTypeName("link-ready")
    record Ready(String user) implements LinkFrame {}

    @JsonTypeName("link-message")
    record Message(String text) implements LinkFrame {}

    /** The sender is closing the link because it stopped the chat or is logging out. */
    @JsonTypeName("link-close")
    record Close(Reason reason) implements LinkFrame {
        public enum Reason { STOPPED, LOGOUT }
    }
}
