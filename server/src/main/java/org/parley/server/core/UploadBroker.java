package org.parley.server.core;

import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * Authorises UDP uploads (SPEC 6) and hands out the audience's address; file data never passes through
 * the server. The audience is told first, so it can recognise the transfer when the offer arrives.
 * Both ends get the same fresh key, with which they seal every datagram of the transfer.
 */
final class UploadBroker {

    private final CoreContext ctx;
    private final UploadTickets tokens;

    UploadBroker(CoreContext ctx, UploadTickets tokens) {
        this.ctx = ctx;
        this.tokens = tokens;
    }

    void authorize(Session session, Request.AuthorizeUpload req) {
        String presenter = session.username();
        String audience = req.user();
        if (!ctx.exists(audience)) {
            Reply.invalidUser(session, req.id());
            return;
        }
        if (audience.equals(presenter)) {
            Reply.error(session, req.id(), ErrorCode.SELF, "Error. Cannot upload a file to yourself");
            return;
        }
        Session target = ctx.presence.session(audience);
        if (target == null) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, audience + " is offline");
            return;
        }
        if (ctx.blocks.hasBlocked(audience, presenter)) {
            Reply.error(session, req.id(), ErrorCode.BLOCKED_BY_RECIPIENT,
                    "Error. Cannot upload to " + audience + " as they have blocked you");
            return;
        }
        if (target.udpPort() == 0) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + audience + " does not accept uploads");
            return;
        }
        long transferId = tokens.transferId();
        String token = tokens.token();
        String key = tokens.key();
        target.out().send(new Event.UploadIncoming(presenter, req.fileName(), req.size(), req.sha256(), transferId,
                token, key));
        session.out().send(new Response.UploadTicket(req.id(), audience, target.ip(), target.udpPort(), transferId,
                token, key));
        ctx.console.record(presenter, "uploads " + req.fileName() + " (" + req.size() + " bytes) to " + audience);
    }
}
