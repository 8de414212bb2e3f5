package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Stable error codes; clients branch on the code and show the frame's message. */
public enum ErrorCode {
    /** The frame was not valid JSON, or a field was missing or out of range. */
    BAD_FRAME,
    /** The frame exceeded {@link Limits#MAX_FRAME_BYTES}; the connection is closed. */
    FRAME_TOO_LONG,
    UNKNOWN_TYPE,
    UNSUPPORTED_VERSION,
    /** A command other than hello/login before the session started, or login steps out of order. */
    NOT_LOGGED_IN,
    ALREADY_LOGGED_IN_HERE,
    ALREADY_LOGGED_IN,
    INVALID_USER,
    INVALID_PASSWORD,
    /** The failure that just blocked the account; the client exits. */
    ACCOUNT_BLOCKED_NOW,
    /** The account is blocked; the client exits. */
    ACCOUNT_BLOCKED,
    THROTTLED,
    INVALID_ARGUMENT,
    SELF,
    OFFLINE,
    /** The recipient has blocked the caller. */
    BLOCKED_BY_RECIPIENT,
    NOT_BLOCKED,
    /** block of a user already blocked: nothing changed (the mirror of {@link #NOT_BLOCKED}). */
    ALREADY_BLOCKED,
    ROOM_NOT_FOUND,
    NOT_A_MEMBER,
    ROOM_USERS_UNAVAILABLE,
    NO_PENDING_REQUEST,
    RATE_LIMITED,
    /** Too many accounts were created lately, server-wide; registering may succeed a little later. */
    REGISTRATION_RATE_LIMITED,
    /** The server's cap on the number of accounts is reached; no account can be created. */
    ACCOUNT_LIMIT_REACHED,
    INTERNAL,
    @JsonEnumDefaultValue
    UNKNOWN
}
