package org.parley.server.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.protocol.Limits;
import org.parley.server.core.store.StoredDirectMessage;

/**
 * One session's direct-message delivery state: what it was sent and has not acknowledged yet (the
 * window), the backlog cursor (the highest message id read from the store or pushed), and the rest of
 * the last page read. Touched on the core thread only.
 *
 * <p>Its memory is bounded whatever the client does: at most {@link #MAX_IN_FLIGHT_MESSAGES} ids and
 * about {@link #MAX_IN_FLIGHT_BYTES} of frames are unacknowledged at once, and at most one page is
 * buffered. A client that never acknowledges simply stops getting direct messages once the window is
 * full; they stay pending in the store, for when it acknowledges or for its next login.
 */
final class DeliveryWindow {

    /** Far below the 8 MiB at which the network cuts off a client that stops reading. */
    static final long MAX_IN_FLIGHT_BYTES = 1024 * 1024;
    /** So that one ack can always cover the whole window. */
    static final int MAX_IN_FLIGHT_MESSAGES = Limits.MAX_ACK_IDS;

    /**
     * Both made on first use and dropped again once empty: most sessions sit idle with nothing in
     * flight, and an empty ArrayDeque alone holds a 17-slot array (BENCHMARKS.md, sessions).
     */
    private Map<Long, Integer> inFlight;
    private ArrayDeque<StoredDirectMessage> buffered;
    private long inFlightBytes;
    private long cursor;
    private boolean storeDrained;
    private boolean reading;
    /** A message fell behind while a page was being read that may have been read before it committed. */
    private boolean fellBehindWhileReading;

    boolean hasRoom() {
        return inFlightBytes < MAX_IN_FLIGHT_BYTES && inFlightCount() < MAX_IN_FLIGHT_MESSAGES;
    }

    /** The highest id read from the store or pushed live: the next page starts after it. */
    long cursor() {
        return cursor;
    }

    /** Nothing pending in the store beyond the cursor as of the last page, and nothing buffered. */
    boolean caughtUp() {
        return storeDrained && !hasBuffered();
    }

    /** A live message could not be pushed at once: it stays in the store for a later page. */
    void fallBehind() {
        storeDrained = false;
        // Cluster mode: a message committed on another node can arrive while a page read that did
        // not see it is on its way; that page must not mark the store drained. (On one node the page
        // and the message share the writer's queue, so this cannot happen.)
        if (reading) {
            fellBehindWhileReading = true;
        }
    }

    boolean needsPage() {
        return !storeDrained && !hasBuffered() && !reading && hasRoom();
    }

    void reading(boolean reading) {
        this.reading = reading;
    }

    /** A page of the backlog arrived; {@code full} when it held as many as were asked for. */
    void paged(List<StoredDirectMessage> page, boolean full) {
        reading = false;
        if (!page.isEmpty()) {
            if (buffered == null) {
                buffered = new ArrayDeque<>(page.size());
            }
            buffered.addAll(page);
            cursor = Math.max(cursor, page.get(page.size() - 1).id());
        }
        storeDrained = !full && !fellBehindWhileReading;
        fellBehindWhileReading = false;
    }

    StoredDirectMessage nextBuffered() {
        if (buffered == null) {
            return null;
        }
        StoredDirectMessage next = buffered.poll();
        if (buffered.isEmpty()) {
            buffered = null;
        }
        return next;
    }

    boolean hasBuffered() {
        return buffered != null && !buffered.isEmpty();
    }

    private int inFlightCount() {
        return inFlight == null ? 0 : inFlight.size();
    }

    /** Whether it holds any per-message structure now; an idle session's holds none. */
    boolean isEmpty() {
        return inFlight == null && buffered == null;
    }

    /** A message pushed live, past the cursor. */
    void advance(long id) {
        cursor = Math.max(cursor, id);
    }

    /** Sent and not acknowledged yet, or read and not sent yet. */
    boolean holds(long id) {
        if (inFlight != null && inFlight.containsKey(id)) {
            return true;
        }
        if (buffered == null) {
            return false;
        }
        for (StoredDirectMessage m : buffered) {
            if (m.id() == id) {
                return true;
            }
        }
        return false;
    }

    void sent(long id, int bytes) {
        if (inFlight == null) {
            inFlight = new HashMap<>();
        }
        if (inFlight.put(id, bytes) == null) {
            inFlightBytes += bytes;
        }
    }

    /** The ids of these that this session was sent and had not acknowledged yet; others are ignored. */
    List<Long> acknowledge(Collection<Long> ids) {
        if (inFlight == null) {
            return List.of();
        }
        List<Long> done = new ArrayList<>(ids.size());
        for (Long id : ids) {
            Integer bytes = inFlight.remove(id);
            if (bytes != null) {
                inFlightBytes -= bytes;
                done.add(id);
            }
        }
        if (inFlight.isEmpty()) {
            inFlight = null;
        }
        return done;
    }
}
