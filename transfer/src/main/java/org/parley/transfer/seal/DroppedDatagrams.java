package org.parley.transfer.seal;

/**
 * What one end of one transfer refused to read, counted by its opener.
 *
 * @param strangers   came with the transfer's id from an address that is not the peer's, dropped before any
 *                    decryption
 * @param unauthentic failed authentication: forged, corrupted, truncated, sealed under another key or with the
 *                    wrong direction
 * @param replayed    authentic datagrams seen before, or too old for the replay window
 */
public record DroppedDatagrams(long strangers, long unauthentic, long replayed) {
    public static final DroppedDatagrams NONE = new DroppedDatagrams(0, 0, 0);

    public long total() {
        return strangers + unauthentic + replayed;
    }

    @Override
    public String toString() {
        return strangers + " from strangers, " + unauthentic + " unauthentic, " + replayed + " replayed";
    }
}
