package org.parley.server.core.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@link ClusterDirectory} contract in memory, shared by the cores of one test: one lock, and one
 * thread completing the futures in call order (as the contract asks). {@link #freeze} makes a node's
 * heartbeats stop renewing its lease, as if it had been cut off from the database.
 */
public final class InMemoryClusterDirectory implements ClusterDirectory {

    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Long> leases = new HashMap<>();
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-directory");
        t.setDaemon(true);
        return t;
    });

    public void freeze(String node) {
        frozen.add(node);
    }

    public synchronized Map<String, Claim> claimsNow() {
        return Map.copyOf(claims);
    }

    @Override
    public synchronized List<Claim> join(String node, long now, long leaseMillis) {
        leases.put(node, now + leaseMillis);
        return removeWhere(c -> c.node().equals(node));
    }

    @Override
    public CompletableFuture<Boolean> claim(Claim claim) {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (this) {
                return claims.putIfAbsent(claim.user(), claim) == null;
            }
        }, thread);
    }

    @Override
    public CompletableFuture<Void> release(String user, String node, long loginAt) {
        return CompletableFuture.runAsync(() -> {
            synchronized (this) {
                Claim c = claims.get(user);
                if (c != null && c.node().equals(node) && c.loginAt() == loginAt) {
                    claims.remove(user);
                }
            }
        }, thread);
    }

    @Override
    public CompletableFuture<List<Claim>> claims() {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (this) {
                List<Claim> all = new ArrayList<>(claims.values());
                all.sort(Comparator.comparingLong(Claim::loginAt));
                return all;
            }
        }, thread);
    }

    @Override
    public CompletableFuture<Heartbeat> heartbeat(String node, long now, long leaseMillis) {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (this) {
                if (frozen.contains(node)) {
                    return new Heartbeat(List.of(), false, List.of());
                }
                Long until = leases.get(node);
                boolean lapsed = until == null || until < now;
                leases.put(node, now + leaseMillis);
                List<Claim> released = removeWhere(c -> {
                    Long lease = leases.get(c.node());
                    return lease == null || lease < now;
                });
                leases.values().removeIf(lease -> lease < now);
                List<Claim> own = lapsed ? claims.values().stream().filter(c -> c.node().equals(node)).toList()
                        : List.of();
                return new Heartbeat(released, lapsed, own);
            }
        }, thread);
    }

    @Override
    public synchronized List<Claim> leave(String node, long now) {
        leases.remove(node);
        return removeWhere(c -> c.node().equals(node));
    }

    private List<Claim> removeWhere(java.util.function.Predicate<Claim> which) {
        List<Claim> removed = new ArrayList<>();
        claims.values().removeIf(c -> {
            if (which.test(c)) {
                removed.add(c);
                return true;
            }
            return false;
        });
        return removed;
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
