package org.parley.server.account;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key with a hard cap on entries. Kept in access order, so the least recently
 * touched buckets come first; a bucket untouched for a full refill is full again, exactly as a new
 * one would be, so dropping it loses nothing. Those are dropped from the front on every lookup.
 *
 * <p>When the cap is reached with every bucket touched within one full refill, a new key gets no
 * bucket (its attempt is refused) rather than evicting a live one: evicting would hand an attacker
 * with many addresses or names fresh bursts, and the cap is what bounds the hashing work in flight.
 */
final class BucketTable {

    private final RateLimit limit;
    private final int maxEntries;
    private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    BucketTable(RateLimit limit, int maxEntries) {
        this.limit = limit;
        this.maxEntries = maxEntries;
    }

    /** The key's bucket refilled to {@code nowMillis}, or null when the table is full of live buckets. */
    TokenBucket bucket(String key, long nowMillis) {
        evictIdle(nowMillis);
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxEntries) {
                return null;
            }
            bucket = new TokenBucket(limit, nowMillis);
            buckets.put(key, bucket);
        }
        bucket.refill(nowMillis);
        return bucket;
    }

    int size() {
        return buckets.size();
    }

    private void evictIdle(long nowMillis) {
        long idleMillis = Math.max(1, limit.fullRefill().toMillis());
        Iterator<TokenBucket> oldestFirst = buckets.values().iterator();
        while (oldestFirst.hasNext()) {
            if (nowMillis - oldestFirst.next().touchedAtMillis() < idleMillis) {
                return;
            }
            oldestFirst.remove();
        }
    }
}
