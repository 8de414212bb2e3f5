package org.parley.server.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.store.ClusterDirectory;

/**
 * Authorises UDP uploads (SPEC 6) and hands out the audience's address; file data never passes through
 * the server. The audience is told first, so it can recognise the transfer when the offer arrives.
 * Both ends get the same fresh key, with which they seal every datagram of the transfer.
 *
 * <p>It also remembers, per session, the uploads it authorised for it, so that when one end's session ends
 * (logout, idle timeout, lost connection) the other end hears at once ({@link Event.UploadCancelled}) instead of
 * waiting for the transfer's idle timeout. The server never learns when a transfer finishes, so it keeps the
 * last {@link #REMEMBERED_PER_SESSION} per session and forgets the rest; a client ignores the news for a
 * transfer it has already finished. In cluster mode an audience on another node is told through that node
 * (relayed {@link Event.UploadIncoming}); the departure of an end on another node is not relayed: the
 * transfer's own idle timeout ends it. Runs on the core thread only, like every feature service: no locks.
 */
final class UploadBroker implements SessionLifecycle.EndListener {
    static final int REMEMBERED_PER_SESSION = 64;

    private record Authorised(long transferId, String fileName, Session presenter, Session audience) {
        Session other(Session end) {
            return end == presenter ? audience : presenter;
        }
    }

    private final CoreContext ctx;
    private final UploadTickets tokens;
    private final Map<Session, Deque<Authorised>> bySession = new HashMap<>();

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
        ClusterDirectory.Claim remote = target == null ? ctx.cluster.remote.claim(audience) : null;
        if (target == null && remote == null) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, audience + " is offline");
            return;
        }
        if (ctx.blocks.hasBlocked(audience, presenter)) {
            Reply.error(session, req.id(), ErrorCode.BLOCKED_BY_RECIPIENT,
                    "Error. Cannot upload to " + audience + " as they have blocked you");
            return;
        }
        int udpPort = target != null ? target.udpPort() : remote.udpPort();
        String ip = target != null ? target.ip() : remote.ip();
        if (udpPort == 0) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + audience + " does not accept uploads");
            return;
        }
        long transferId = tokens.transferId();
        String token = tokens.token();
        String key = tokens.key();
        Event.UploadIncoming incoming = new Event.UploadIncoming(presenter, req.fileName(), req.size(), req.sha256(),
                transferId, token, key);
        if (target != null) {
            target.out().send(incoming);
        } else {
            ctx.deliverTo(audience, incoming); // relayed to the audience's node
        }
        session.out().send(new Response.UploadTicket(req.id(), audience, ip, udpPort, transferId, token, key));
        ctx.metrics.transferAuthorised();
        ctx.console.record(presenter, "uploads " + req.fileName() + " (" + req.size() + " bytes) to " + audience);
        if (target != null) {
            // only ends on this node are told of each other's departure (see the class comment)
            Authorised upload = new Authorised(transferId, req.fileName(), session, target);
            remember(session, upload);
            remember(target, upload);
        }
    }

    private void remember(Session session, Authorised upload) {
        Deque<Authorised> uploads = bySession.computeIfAbsent(session, s -> new ArrayDeque<>());
        if (uploads.size() == REMEMBERED_PER_SESSION) {
            uploads.removeFirst();
        }
        uploads.addLast(upload);
    }

    /** Tells the other end of every upload this session was part of, once, while that end is still online. */
    @Override
    public void sessionEnded(Session session, String how) {
        Deque<Authorised> uploads = bySession.remove(session);
        if (uploads == null) {
            return;
        }
        Event.UploadCancelled.Reason reason = switch (how) {
            case SessionLifecycle.LOGGED_OUT -> Event.UploadCancelled.Reason.LOGGED_OUT;
            case SessionLifecycle.TIMED_OUT -> Event.UploadCancelled.Reason.TIMED_OUT;
            default -> Event.UploadCancelled.Reason.DISCONNECTED;
        };
        for (Authorised upload : uploads) {
            Session other = upload.other(session);
            Deque<Authorised> theirs = bySession.get(other);
            if (theirs == null || !theirs.remove(upload) || ctx.presence.session(other.username()) != other) {
                continue;
            }
            other.out().send(new Event.UploadCancelled(upload.transferId(), session.username(), upload.fileName(),
                    reason));
        }
    }
}
