package org.parley.server.core;

import org.parley.protocol.ErrorCode;
import org.parley.protocol.Response;

/** Shorthands for answering a request; the message is the exact line the user sees. */
final class Reply {

    private Reply() {}

    static void error(Session session, long id, ErrorCode code, String message) {
        session.out().send(new Response.Error(id, code, message));
    }

    static void ok(Session session, long id) {
        session.out().send(new Response.Ok(id));
    }

    static void invalidUser(Session session, long id) {
        error(session, id, ErrorCode.INVALID_USER, "Error. Invalid user");
    }

    /**
     * The server failed (the store, a bug): logs it once at ERROR with what it was {@code doing} and the
     * cause (see {@link Faults}), and tells the user, who sees nothing of the cause.
     */
    static void internal(Session session, long id, String doing, Throwable cause) {
        Faults.log(doing, session, cause);
        internalAlreadyLogged(session, id);
    }

    /** Another request shared a failure that {@link #internal} has logged already: answer it alone. */
    static void internalAlreadyLogged(Session session, long id) {
        error(session, id, ErrorCode.INTERNAL, "Error. The server could not complete the request; please try again");
    }
}
