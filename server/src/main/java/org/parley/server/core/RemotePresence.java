package org.parley.server.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.parley.server.core.store.ClusterDirectory.Claim;

/**
 * Users logged in on other nodes, as this node has heard from the bus (and re-read from the claims
 * after a bus outage). A view for routing and presence events; the claims in the database decide who
 * may log in. Core thread only.
 */
final class RemotePresence {

    private final Map<String, Claim> online = new LinkedHashMap<>();
    /** Told the number online after every change (the metrics' gauge). */
    private final IntConsumer onCount;

    RemotePresence(IntConsumer onCount) {
        this.onCount = onCount;
    }

    boolean isOnline(String user) {
        return online.containsKey(user);
    }

    Claim claim(String user) {
        return online.get(user);
    }

    /** True if this is news (the user was not known online with this login). */
    boolean put(Claim claim) {
        Claim before = online.put(claim.user(), claim);
        if (before == null) {
            onCount.accept(online.size());
        }
        return before == null || before.loginAt() != claim.loginAt();
    }

    /** Removes the user's login if it is this one; true if it was known. */
    boolean remove(String user, long loginAt) {
        Claim known = online.get(user);
        if (known == null || known.loginAt() != loginAt) {
            return false;
        }
        online.remove(user);
        onCount.accept(online.size());
        return true;
    }

    Collection<Claim> claims() {
        return online.values();
    }

    List<Claim> snapshot() {
        return List.copyOf(online.values());
    }

    void clear() {
        online.clear();
        onCount.accept(0);
    }
}
