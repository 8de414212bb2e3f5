package org.parley.protocol;

/**
 * A position in a history listing: the last item a client has (or the server has looked at). History
 * is ordered by broadcast number, or by room id then number within the room; {@code roomId} is 0 for
 * broadcasts. A listing continues strictly after the cursor.
 */
public record HistoryCursor(long roomId, long number) {

    /** Before everything: where a listing without a cursor starts. */
    public static final HistoryCursor START = new HistoryCursor(0, 0);
}
