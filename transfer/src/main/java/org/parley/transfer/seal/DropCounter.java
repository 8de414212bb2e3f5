package org.parley.transfer.seal;

/**
 * Counts one transfer's dropped datagrams. Single writer (the endpoint's receive thread), read by whichever
 * thread ends the transfer: volatile fields are enough, and cheaper than atomics on the hot path.
 */
public final class DropCounter {
    private volatile long strangers;
    private volatile long unauthentic;
    private volatile long replayed;

    /** Receive thread only. */
    public void stranger() {
        strangers = strangers + 1;
    }

    void unauthentic() {
        unauthentic = unauthentic + 1;
    }

    void replayed() {
        replayed = replayed + 1;
    }

    public DroppedDatagrams snapshot() {
        return new DroppedDatagrams(strangers, unauthentic, replayed);
    }
}
