package org.parley.server.core.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's shared record of who is logged in where, in the database every node uses: one claim
 * per user (so a user logs in on one node at a time), and one lease per node, renewed by its
 * heartbeat. A node whose lease has run out is taken for dead (an implementation may know sooner: the
 * PostgreSQL one also sees a node's own connection to the database end): any other node releases its
 * claims (and closes their login spans), and tells the cluster those users logged out.
 *
 * <p>Futures complete on the directory's own thread, in the order the calls were made (so a read of
 * the claims made before a claim does not see it and completes before it); callers hop back to theirs. {@link #join} and
 * {@link #leave} block (start and stop only).
 */
public interface ClusterDirectory extends AutoCloseable {

    /** A user's login as claimed: the node serving it and what ATU and private chats need to know. */
    record Claim(String user, String node, long loginAt, String ip, int udpPort, int privatePort) {}

    /**
     * What a heartbeat found: claims it released because their node was taken for dead (each released
     * claim is returned to exactly one node), and whether this node may have been taken for dead before
     * it renewed its lease (then other nodes may have released its claims: {@code own} lists those it
     * still holds; empty when the lease held).
     */
    record Heartbeat(List<Claim> released, boolean lapsed, List<Claim> own) {}

    /**
     * Takes or renews this node's lease and releases the claims left by an earlier run of the same node
     * id (a crash), returning them: their users are seen logging out. Blocks.
     */
    List<Claim> join(String node, long now, long leaseMillis);

    /** Claims the user for this node; false if another session holds the claim (anywhere). */
    CompletableFuture<Boolean> claim(Claim claim);

    /** Releases the claim if it is still this one (same user, node and login time). */
    CompletableFuture<Void> release(String user, String node, long loginAt);

    /** Every claim in the cluster, in login order. */
    CompletableFuture<List<Claim>> claims();

    /**
     * Renews this node's lease until {@code now + leaseMillis} and releases the claims of nodes taken for
     * dead (lease ended before {@code now}, or known ended otherwise), closing their login spans at the
     * moment their node was last known alive.
     */
    CompletableFuture<Heartbeat> heartbeat(String node, long now, long leaseMillis);

    /** A node stopping on purpose: releases its claims and its lease, returning the claims. Blocks. */
    List<Claim> leave(String node, long now);

    @Override
    void close();
}
