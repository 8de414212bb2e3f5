package org.parley.server.net;

/** What one {@link LoopOutbox} run has for one channel; touched by that loop's thread only. */
final class RunMarks {

    boolean touched;
    int fanouts;
    boolean ownFrames;

    /** True when the channel is to get every one of the run's {@code total} fan-out frames and nothing else. */
    boolean getsAll(int total) {
        return !ownFrames && fanouts == total;
    }

    void clear() {
        touched = false;
        fanouts = 0;
        ownFrames = false;
    }
}
