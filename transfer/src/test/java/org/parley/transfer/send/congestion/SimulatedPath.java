package org.parley.transfer.send.congestion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A deterministic bottleneck for congestion-control tests: senders with unlimited data, a drop-tail queue in
 * front of a link of fixed rate, a fixed round trip behind it, optional random loss before the queue, and one
 * ACK per delivered datagram carrying its exact RTT. Time moves in fixed steps of a simulated clock; the seed
 * fixes the random loss. Losses are reported to the sender one round trip after they happen, as RACK would.
 */
final class SimulatedPath {
    static final int DATAGRAM = 1472;
    private static final long STEP_NANOS = 10_000;

    private final double linkBytesPerNano;
    private final long queueLimitBytes;
    private final long rttNanos;
    private final double randomLoss;
    private final Random random;
    private final List<Flow> flows = new ArrayList<>();
    private final ArrayDeque<Packet> queue = new ArrayDeque<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long queuedBytes;
    private long linkBusyUntil;
    private long now;
    private long eventOrder;
    private long queueByteNanos;
    private long overflowDrops;

    SimulatedPath(long linkBytesPerSecond, long queueLimitBytes, long rttNanos, double randomLoss, long seed) {
        this.linkBytesPerNano = linkBytesPerSecond / 1e9;
        this.queueLimitBytes = queueLimitBytes;
        this.rttNanos = rttNanos;
        this.randomLoss = randomLoss;
        this.random = new Random(seed);
    }

    Flow addFlow(CongestionControl control, long startsAtNanos) {
        Flow flow = new Flow(control, startsAtNanos);
        flows.add(flow);
        return flow;
    }

    void runUntil(long endNanos) {
        while (now < endNanos) {
            now += STEP_NANOS;
            serveLink();
            while (!events.isEmpty() && events.peek().at <= now) {
                Event e = events.poll();
                if (e.lost) {
                    e.packet.flow.inflight -= e.packet.bytes;
                    e.packet.flow.control.onLoss(e.at, e.packet.bytes);
                } else {
                    e.packet.flow.inflight -= e.packet.bytes;
                    e.packet.flow.delivered += e.packet.bytes;
                    e.packet.flow.control.onAck(e.at, e.packet.bytes, e.at - e.packet.sentAt);
                }
            }
            for (Flow flow : flows) {
                flow.send();
            }
            queueByteNanos += queuedBytes * STEP_NANOS;
        }
    }

    long now() {
        return now;
    }

    long overflowDrops() {
        return overflowDrops;
    }

    /** Average bytes waiting in the bottleneck's queue since the start. */
    double meanQueueBytes() {
        return (double) queueByteNanos / Math.max(1, now);
    }

    private void serveLink() {
        while (!queue.isEmpty()) {
            Packet head = queue.peek();
            long start = Math.max(linkBusyUntil, head.enqueuedAt());
            long done = start + (long) (head.bytes / linkBytesPerNano);
            if (done > now) {
                return;
            }
            queue.poll();
            queuedBytes -= head.bytes;
            linkBusyUntil = done;
            schedule(new Event(done + rttNanos, head, false));
        }
    }

    private void schedule(Event event) {
        event.order = eventOrder++;
        events.add(event);
    }

    final class Flow {
        private final CongestionControl control;
        private final long startsAt;
        private long inflight;
        private long delivered;
        private long sentPackets;

        private Flow(CongestionControl control, long startsAt) {
            this.control = control;
            this.startsAt = startsAt;
        }

        long delivered() {
            return delivered;
        }

        long sentPackets() {
            return sentPackets;
        }

        private void send() {
            while (now >= startsAt && control.sendDelayNanos(now) == 0
                    && inflight + DATAGRAM <= control.inflightCapBytes()) {
                Packet p = new Packet(this, now, DATAGRAM);
                inflight += DATAGRAM;
                sentPackets++;
                control.onSent(now, DATAGRAM);
                if (random.nextDouble() < randomLoss) {
                    schedule(new Event(now + rttNanos, p, true));
                } else if (queuedBytes + DATAGRAM > queueLimitBytes) {
                    overflowDrops++;
                    schedule(new Event(now + rttNanos, p, true));
                } else {
                    queue.add(p);
                    queuedBytes += DATAGRAM;
                }
            }
        }
    }

    private record Packet(Flow flow, long sentAt, int bytes) {
        long enqueuedAt() {
            return sentAt;
        }
    }

    private static final class Event implements Comparable<Event> {
        final long at;
        final Packet packet;
        final boolean lost;
        long order;

        Event(long at, Packet packet, boolean lost) {
            this.at = at;
            this.packet = packet;
            this.lost = lost;
        }

        @Override
        public int compareTo(Event o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }
}
