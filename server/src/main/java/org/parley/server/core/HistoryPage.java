package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Limits;
import org.parley.protocol.Response;

/**
 * One page of history being filled, bounded in items and in encoded bytes, so that its
 * {@code history-result} frame (newline included) never exceeds {@link Limits#MAX_FRAME_BYTES}
 * whatever the texts. Sizes are measured by encoding, not estimated: a 4,000-character text can take
 * anything from 4 KB to 24 KB of JSON depending on its characters and escapes. Not thread-safe: one
 * page belongs to one read on the core thread.
 */
final class HistoryPage {

    /** At most this many items per page, however short they are. */
    static final int MAX_ITEMS = 500;

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();
    /** The longest a cursor's number can be written ({@code Long.MIN_VALUE} has 20 characters). */
    private static final HistoryCursor WIDEST_CURSOR = new HistoryCursor(Long.MIN_VALUE, Long.MIN_VALUE);

    private final long id;
    private final HistoryKind kind;
    private final int maxItems;
    private final int budget;
    private final int emptyItemsBytes;
    private final int envelopeBytes;
    private final List<HistoryItem> items = new ArrayList<>();
    private int bytes;

    HistoryPage(long id, HistoryKind kind) {
        this(id, kind, MAX_ITEMS, Limits.MAX_FRAME_BYTES);
    }

    /** A page within other bounds (tests). */
    HistoryPage(long id, HistoryKind kind, int maxItems, int maxFrameBytes) {
        this.id = id;
        this.kind = kind;
        this.maxItems = maxItems;
        this.emptyItemsBytes = size(new Response.History(0, kind, List.of(), false, null));
        // the frame without items, at its widest ("false" is longer than "true"), plus the newline
        int envelope = size(new Response.History(id, kind, List.of(), false, WIDEST_CURSOR)) + 1;
        if (envelope >= maxFrameBytes) {
            throw new IllegalArgumentException("no room for any item in " + maxFrameBytes + " bytes");
        }
        this.envelopeBytes = envelope;
        this.bytes = envelope;
        this.budget = maxFrameBytes;
    }

    /** Adds the item if the page has room for it (in count and bytes); false when it is full. */
    boolean tryAdd(HistoryItem item) {
        if (items.size() >= maxItems) {
            return false;
        }
        int added = size(new Response.History(0, kind, List.of(item), false, null)) - emptyItemsBytes
                + (items.isEmpty() ? 0 : 1); // the comma between items
        if (bytes + added > budget) {
            return false;
        }
        items.add(item);
        bytes += added;
        return true;
    }

    boolean isFull() {
        return items.size() >= maxItems;
    }

    int size() {
        return items.size();
    }

    /** Bytes the frame would take now, newline included, at the widest cursor. */
    int frameBytes() {
        return bytes;
    }

    /** Bytes the frame takes without items, newline included, at the widest cursor. */
    int emptyFrameBytes() {
        return envelopeBytes;
    }

    /** Bytes still free in the frame. */
    int freeBytes() {
        return budget - bytes;
    }

    Response.History finish(boolean more, HistoryCursor next) {
        return new Response.History(id, kind, List.copyOf(items), more, next);
    }

    private static int size(Response.History frame) {
        return CODEC.encode(frame).length;
    }
}
