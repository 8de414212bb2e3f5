package org.parley.server.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.ClusterDirectory.Claim;
import org.parley.server.core.store.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as one of a cluster: joins it (its lease, and the claims a crash of the same node id
 * left), keeps the view of who is logged in elsewhere ({@link RemotePresence}) from the bus, renews the
 * lease on every heartbeat and releases the claims of nodes taken for dead, relays events to
 * users of other nodes, and catches up from the database after a bus outage.
 *
 * <p>A session of this node whose claim is gone (its node was taken for dead while it was cut off) is
 * ended with {@code session-ended KICKED}: the user may log in again, here or elsewhere.
 *
 * <p>Runs on the core thread (the heartbeat is a timer task posted to it), except {@link #join}, which
 * runs on the caller's at start.
 */
final class ClusterMembership {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    static final String KICKED_MESSAGE = "Your session ended: this server lost contact with the others. Please log in again";

    private final CoreContext ctx;
    private final SessionLifecycle lifecycle;
    private final MessageDelivery delivery;
    private final Broadcasts broadcasts;
    private final Rooms rooms;
    private final PrivateChatBroker privateChats;
    private final UploadBroker uploads;
    private final FrameCodec<Frame> frames = FrameCodec.frames();
    private boolean beating;
    /** The last heartbeat failed: logged once, and once more when one succeeds again. */
    private boolean beatFailing;

    ClusterMembership(CoreContext ctx, SessionLifecycle lifecycle, MessageDelivery delivery, Broadcasts broadcasts,
            Rooms rooms, PrivateChatBroker privateChats, UploadBroker uploads) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.delivery = delivery;
        this.broadcasts = broadcasts;
        this.rooms = rooms;
        this.privateChats = privateChats;
        this.uploads = uploads;
        ClusterLink link = ctx.cluster;
        link.on(ClusterEvent.UserOnline.class, this::userOnline);
        link.on(ClusterEvent.UserOffline.class, this::userOffline);
        link.on(ClusterEvent.AccountAdded.class, e -> ctx.accounts.put(e.user(), e.passwordHash()));
        link.on(ClusterEvent.ToUser.class, this::toUser);
        link.onReconnected(this::catchUp);
    }

    /**
     * Before the core takes requests, on the caller's thread: the lease, the stale claims released, who
     * is online elsewhere, then the bus; then what was committed between the snapshot and the
     * subscription is read back.
     */
    void join(ScheduledExecutorService timer) throws IOException {
        ClusterMode mode = ctx.cluster.mode();
        List<Claim> stale = mode.directory().join(mode.nodeId(), ctx.now(), mode.lease().toMillis());
        List<Claim> claims = mode.directory().claims().join();
        ctx.coreThread.execute(() -> {
            for (Claim c : claims) {
                if (!c.node().equals(mode.nodeId())) {
                    ctx.cluster.remote.put(c);
                }
            }
        });
        ctx.cluster.start();
        ctx.coreThread.execute(() -> {
            for (Claim c : stale) {
                ctx.cluster.publish(new ClusterEvent.UserOffline(mode.nodeId(), c.user(), c.loginAt()));
            }
            broadcasts.catchUp();
            rooms.catchUp();
        });
        long every = mode.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(() -> ctx.coreThread.execute(this::beat), every, every, TimeUnit.MILLISECONDS);
        LOG.info("node {} joined the cluster over {} ({} released from an earlier run, {} online elsewhere)",
                mode.nodeId(), mode.bus().engine(), stale.size(), claims.size());
    }

    /**
     * Stopping on purpose: the remaining claims and the lease are given up, and the others told. On the
     * core thread (it publishes), after the sessions' own ends.
     */
    void leave() {
        ClusterMode mode = ctx.cluster.mode();
        try {
            for (Claim c : mode.directory().leave(mode.nodeId(), ctx.now())) {
                ctx.cluster.publish(new ClusterEvent.UserOffline(mode.nodeId(), c.user(), c.loginAt()));
            }
        } catch (RuntimeException e) {
            LOG.error("node {} could not give up its claims; the others release them when its lease ends",
                    mode.nodeId(), e);
        }
    }

    private void userOnline(ClusterEvent.UserOnline e) {
        Claim claim = new Claim(e.user(), e.node(), e.loginAt(), e.ip(), e.udpPort(), e.privatePort());
        if (!ctx.presence.isOnline(e.user()) && ctx.cluster.remote.put(claim)) {
            // not to those who logged in after it: as on one server, they see it in whoelse instead
            lifecycle.announce(new Event.UserLoggedIn(e.user()), e.user(), null, e.loginAt());
        }
    }

    private void userOffline(ClusterEvent.UserOffline e) {
        Session local = ctx.presence.session(e.user());
        if (local != null && local.loginAt() == e.loginAt()) {
            kick(local); // our session's claim was released by another node: this node was taken for dead
            return;
        }
        if (ctx.cluster.remote.remove(e.user(), e.loginAt())) {
            lifecycle.announce(new Event.UserLoggedOut(e.user()), e.user(), null);
            privateChats.remoteEnded(e.user());
        }
    }

    private void toUser(ClusterEvent.ToUser e) {
        Session session = ctx.presence.session(e.user());
        if (session == null) {
            return; // logged out meanwhile
        }
        Frame frame;
        try {
            frame = frames.decode(e.eventJson().getBytes(StandardCharsets.UTF_8));
        } catch (FrameDecodingException ex) {
            LOG.error("dropped a relayed event for {} from node {}: {}", e.user(), e.node(), ex.getMessage());
            return;
        }
        if (frame instanceof Event event) {
            privateChats.relayed(session, event);
            uploads.relayed(session, event);
            session.out().send(event);
        } else {
            LOG.error("dropped a relayed frame for {} from node {} that is not an event", e.user(), e.node());
        }
    }

    private void kick(Session session) {
        session.out().send(new Event.SessionEnded(Event.SessionEnded.Reason.KICKED, KICKED_MESSAGE));
        lifecycle.end(session, "lost its login claim");
        session.out().close();
    }

    private void beat() {
        if (beating) {
            return; // the last one has not come back yet
        }
        beating = true;
        ClusterMode mode = ctx.cluster.mode();
        ctx.then(mode.directory().heartbeat(mode.nodeId(), ctx.now(), mode.lease().toMillis()), (beat, err) -> {
            beating = false;
            if (err != null) {
                if (!beatFailing) {
                    beatFailing = true;
                    Faults.log("renewing node " + mode.nodeId() + "'s lease (retried every heartbeat; "
                            + "the others take this node for dead when its lease ends)", "the server", err);
                }
                return;
            }
            if (beatFailing) {
                beatFailing = false;
                LOG.info("node {} renews its lease again", mode.nodeId());
            }
            if (!beat.released().isEmpty()) {
                ctx.metrics.claimsReleased(beat.released().size());
            }
            for (Claim released : beat.released()) {
                LOG.info("released the claim of {} on node {}, taken for dead", released.user(), released.node());
                ctx.cluster.publish(new ClusterEvent.UserOffline(mode.nodeId(), released.user(), released.loginAt()));
                userOffline(new ClusterEvent.UserOffline(mode.nodeId(), released.user(), released.loginAt()));
            }
            if (beat.lapsed()) {
                LOG.warn("node {} may have been taken for dead (its lease had run out, or its own connection to the "
                        + "database broke): ending the sessions whose claims other nodes released", mode.nodeId());
                kickUnclaimed(beat.own());
            }
            if (broadcasts.hasGap()) {
                broadcasts.catchUp();
            }
        });
    }

    private void kickUnclaimed(List<Claim> own) {
        Set<String> held = new HashSet<>();
        for (Claim c : own) {
            held.add(c.user() + '\n' + c.loginAt());
        }
        for (Session s : ctx.presence.snapshot()) {
            if (!held.contains(s.username() + '\n' + s.loginAt())) {
                kick(s);
            }
        }
    }

    /**
     * After a bus outage: presence from the claims, accounts, blocks and rooms from the database, then
     * the broadcasts, room messages and direct messages committed meanwhile.
     */
    void catchUp() {
        ClusterMode mode = ctx.cluster.mode();
        ctx.then(mode.directory().claims(), (claims, err) -> {
            if (err != null) {
                Faults.log("reading the cluster's claims", "the server", err);
                return;
            }
            reconcile(claims);
        });
        // load() blocks: it runs off the core thread, and its result comes back to it
        ctx.then(CompletableFuture.supplyAsync(ctx.store::load), (snapshot, err) -> {
            if (err != null) {
                Faults.log("reading the database back after a bus outage", "the server", err);
                return;
            }
            apply(snapshot);
            broadcasts.catchUp();
            rooms.catchUp();
            for (Session s : ctx.presence.snapshot()) {
                delivery.wake(s);
            }
        });
    }

    private void reconcile(List<Claim> claims) {
        String self = ctx.cluster.node();
        Set<String> elsewhere = new HashSet<>();
        Set<String> ours = new HashSet<>();
        for (Claim c : claims) {
            if (c.node().equals(self)) {
                ours.add(c.user() + '\n' + c.loginAt());
            } else {
                elsewhere.add(c.user());
                userOnline(new ClusterEvent.UserOnline(c.node(), c.user(), c.loginAt(), c.ip(), c.udpPort(),
                        c.privatePort()));
            }
        }
        for (Claim known : ctx.cluster.remote.snapshot()) {
            if (!elsewhere.contains(known.user())) {
                userOffline(new ClusterEvent.UserOffline(self, known.user(), known.loginAt()));
            }
        }
        for (Session s : ctx.presence.snapshot()) {
            if (!ours.contains(s.username() + '\n' + s.loginAt())) {
                kick(s);
            }
        }
    }

    private void apply(Snapshot snapshot) {
        snapshot.accounts().forEach(a -> ctx.accounts.put(a.username(), a.passwordHash()));
        ctx.blocks.replaceAll(snapshot.blocks());
        rooms.adopt(snapshot.rooms());
    }
}
