package org.parley.client.link;

/** The outcome of {@link PrivateLinks#send}; each failure maps to one line the shell prints. */
public enum SendResult {
    /** Handed to the link. */
    SENT,
    /** No link with that peer: {@code Error. Private messaging to <user> not enabled}. */
    NOT_ENABLED,
    /**
     * The link died (and is now forgotten): {@code Error. <user> is no longer reachable, private chat closed}.
     * Reported once; the next send to that peer is {@link #NOT_ENABLED}.
     */
    PEER_GONE,
    /** The text fails {@link org.parley.protocol.Validation#textProblem}, which says why; nothing was sent. */
    INVALID_TEXT
}
