package org.parley.server.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one gap-free sequence (the broadcasts, or one room's messages) back in number order for this node's
 * sessions. In a cluster, numbers are taken in commit order, but the events that carry them reach a node by
 * different paths (its own commits at once, the others' over the bus, a long text or a missed event from the
 * database), so number 8 can arrive before 7. An item whose predecessor has not been released is held; once
 * the predecessor arrives, everything held behind it follows in order.
 *
 * <p>A predecessor can be late (still on the bus), lost (the bus dropped it) or never coming (this node's
 * view started after it). So a hold is bounded: after {@link #ASK_AFTER_MILLIS} the owner is asked to read
 * the store ({@code askStore}, whose finds come back through {@link #offer}), and after
 * {@link #GIVE_UP_AFTER_MILLIS} what is held is released anyway, in order, past the gap; a number that
 * arrives after that is released at once, out of order, rather than lost. Ordering costs a reader nothing
 * while numbers arrive in order, and at most a second when one goes missing.
 *
 * <p>Deduplication is not done here ({@link SeenNumbers} does it before {@link #offer}): every offered item is
 * new. Core thread only: {@link #offer} and the tasks given to {@code later} run there.
 */
final class InOrderRelease<T> {

    /** Runs a task on the core thread after a delay. */
    interface Later {
        void after(long millis, Runnable task);
    }

    static final long ASK_AFTER_MILLIS = 50;
    static final long GIVE_UP_AFTER_MILLIS = 1_000;

    private final Consumer<T> release;
    private final Runnable askStore;
    private final Later later;
    private final TreeMap<Long, T> held = new TreeMap<>();
    /** The lowest number not yet released or given up on. */
    private long next;
    private static final long NOTHING = Long.MIN_VALUE;

    /** Counts the waits, so that the timers of a wait that is over do nothing. */
    private long wait;
    /** The number the running wait is for, or {@link #NOTHING}. */
    private long waitingFor = NOTHING;
    private long givenUpThrough;

    InOrderRelease(long lastReleased, Consumer<T> release, Runnable askStore, Later later) {
        this.next = lastReleased + 1;
        this.release = release;
        this.askStore = askStore;
        this.later = later;
    }

    /** An item with its number: released now, with what it unblocks, or held until its predecessor comes. */
    void offer(long number, T item) {
        if (number < next) {
            release.accept(item); // its gap was given up on: late, but not lost
            return;
        }
        held.put(number, item);
        releaseInOrder();
        waitForNextIfHeld();
    }

    /** How many items wait for a predecessor. */
    int held() {
        return held.size();
    }

    /** The highest number whose gap was given up on (0 if none): what a test or a log line can show. */
    long givenUpThrough() {
        return givenUpThrough;
    }

    /** One wait per missing number: a new one when the number waited for changes, none when nothing is held. */
    private void waitForNextIfHeld() {
        if (held.isEmpty()) {
            waitingFor = NOTHING;
            wait++; // the running wait's timers find it over
            return;
        }
        if (waitingFor == next) {
            return;
        }
        long thisWait = ++wait;
        waitingFor = next;
        later.after(ASK_AFTER_MILLIS, () -> {
            if (wait == thisWait) {
                askStore.run();
            }
        });
        later.after(GIVE_UP_AFTER_MILLIS, () -> {
            if (wait == thisWait) {
                giveUp();
            }
        });
    }

    private void giveUp() {
        givenUpThrough = held.firstKey() - 1;
        next = held.firstKey();
        releaseInOrder();
        waitForNextIfHeld();
    }

    private void releaseInOrder() {
        while (!held.isEmpty() && held.firstKey() == next) {
            Map.Entry<Long, T> first = held.pollFirstEntry();
            next++;
            release.accept(first.getValue());
        }
    }
}
