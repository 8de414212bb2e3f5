package org.parley.transfer.send;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.parley.transfer.OutgoingTransfer;
import org.parley.transfer.TransferConfig;
import org.parley.transfer.TransferFailedException;
import org.parley.transfer.TransferListener;
import org.parley.transfer.TransferOutcome;
import org.parley.transfer.seal.DroppedDatagrams;
import org.parley.transfer.seal.Seal;
import org.parley.transfer.wire.Accept;
import org.parley.transfer.wire.Ack;
import org.parley.transfer.wire.AckRange;
import org.parley.transfer.wire.DataCodec;
import org.parley.transfer.send.congestion.BbrModel;
import org.parley.transfer.send.congestion.CongestionControl;
import org.parley.transfer.wire.DatagramOut;
import org.parley.transfer.wire.Offer;
import org.parley.transfer.wire.OfferCodec;
import org.parley.transfer.wire.PacketType;
import org.parley.transfer.wire.PingCodec;
import org.parley.transfer.wire.Ping;
import org.parley.transfer.wire.ReasonCodec;
import org.parley.transfer.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presenter's side of one upload, driven by its own thread.
 *
 * <p>The thread offers until the audience accepts, then sends chunks as long as the window allows — lost
 * chunks first, then new ones — and waits on a condition only when the window is full. ACKs are applied by the
 * endpoint's receive thread under the same lock and wake the sender at once, so the sending rate is clocked by
 * acknowledgements; within that, the congestion controller ({@code send.congestion}, fed by the same ACKs under
 * the same lock) caps the bytes in flight and paces datagrams to the path's measured rate. The timers are its
 * pacing delay and the retransmission timeout derived from the RTT.
 * When everything is acknowledged it pings until the audience reports the verified file (DONE) or refuses it
 * (REJECT). Reading the file and writing to the socket happen outside the lock. What it sends goes out through
 * the endpoint's sealing output, and what it receives was opened by its {@link Seal}'s opener and decoded by the
 * datagram's codec first: the session holds the state machine only, reading the file is {@link ChunkSource}'s
 * job and the thread is the endpoint's.
 */
public final class OutgoingSession implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OutgoingSession.class);
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    private static final long MAX_PROBE_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * The flight the congestion controller always allows, and its initial window. Above it the cap follows
     * the measured rate (at least 2 ms of it); this floor matters only on slow paths, where 32 datagrams
     * (47 KB) still fit a small router queue beside a competing flow.
     */
    private static final int MIN_FLIGHT_DATAGRAMS = 32;

    private enum State { OFFERING, SENDING, CONFIRMING, ENDED }

    /** Immutable after construction; read by every thread. */
    private final OutgoingTransfer ticket;
    private final Path path;
    private final TransferConfig config;
    private final DatagramOut out;
    private final TransferListener listener;
    private final Consumer<OutgoingSession> onEnd;
    private final CompletableFuture<TransferOutcome> future = new CompletableFuture<>();
    private final int chunkSize;
    private final int totalChunks;
    private final Seal seal;
    private final int datagramBytes;

    /** Sender thread only (and {@link #end}, once, after the state is ENDED): the file and the one datagram buffer. */
    private final ChunkSource chunks;
    private final Pacer pacer;
    private final ByteBuffer packet;

    /**
     * Guarded by {@link #lock}: written by the receive thread (ACCEPT, ACK, DONE, REJECT) and the sender thread,
     * which waits on {@link #wake} for the receive thread's news.
     */
    private final Scoreboard board;
    private final RttEstimator rtt = new RttEstimator();
    /** Fed by the receive thread's ACKs, asked by the send thread before each datagram. */
    private final CongestionControl congestion;
    /** What one datagram costs the path, as the controller counts the flight: its sealed size. */
    private final int wireBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private State state = State.OFFERING;
    /** Bytes the audience already held from an interrupted transfer of the same file (ACCEPT's resume point). */
    private long resumedBytes;
    private int peerWindow;
    private long lastHeard;
    private long lastProgress;
    private long backoff = 1;
    private long nextProbeAt;
    /** Written by the sender thread only; read when the session ends. */
    private volatile long datagramsSent;
    private volatile long startedAt;

    private OutgoingSession(OutgoingTransfer ticket, Path path, ChunkSource chunks, TransferConfig config,
                            DatagramOut out, Seal seal, TransferListener listener,
                            Consumer<OutgoingSession> onEnd) {
        this.ticket = ticket;
        this.path = path;
        this.config = config;
        this.out = out;
        this.listener = listener;
        this.onEnd = onEnd;
        this.seal = seal;
        this.datagramBytes = config.maxDatagramBytes() - out.overhead();
        this.chunkSize = chunkSizeFor(config, out);
        long chunkCount = (ticket.size() + chunkSize - 1) / chunkSize;
        if (chunkCount > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("file too large for datagrams of this size");
        }
        this.totalChunks = (int) chunkCount;
        this.chunks = chunks;
        this.board = new Scoreboard(totalChunks, config.maxWindowChunks());
        this.pacer = new Pacer(config.maxBytesPerSecond());
        this.wireBytes = config.maxDatagramBytes();
        this.congestion = new BbrModel(wireBytes, MIN_FLIGHT_DATAGRAMS);
        this.packet = ByteBuffer.allocateDirect(datagramBytes);
        this.peerWindow = 16;
    }

    /**
     * Checks what can be checked locally and prepares the session; failures are reported through the future
     * (already completed exceptionally) rather than thrown, so callers have one place to look.
     */
    public static OutgoingSession open(OutgoingTransfer ticket, Path path, TransferConfig config, DatagramOut out,
                                       Seal seal, TransferListener listener, Consumer<OutgoingSession> onEnd) {
        if (!ticket.sha256Hex().matches("[0-9a-fA-F]{64}")) {
            return failedEarly(ticket, path, config, out, seal, listener, onEnd, "the SHA-256 is not 64 hex digits");
        }
        int chunkSize = chunkSizeFor(config, out);
        ChunkSource chunks;
        try {
            chunks = ChunkSource.open(path, ticket.size(), chunkSize);
        } catch (IOException e) {
            return failedEarly(ticket, path, config, out, seal, listener, onEnd, e.getMessage());
        }
        try {
            OutgoingSession session = new OutgoingSession(ticket, path, chunks, config, out, seal, listener, onEnd);
            if (Wire.HEADER_BYTES + OfferCodec.bodyBytes(session.offer()) > session.datagramBytes) {
                chunks.close();
                return failedEarly(ticket, path, config, out, seal, listener, onEnd,
                        "the names are too long for one datagram");
            }
            return session;
        } catch (RuntimeException e) {
            chunks.close();
            return failedEarly(ticket, path, config, out, seal, listener, onEnd, "cannot send " + path.getFileName()
                    + ": " + e.getMessage());
        }
    }

    private static int chunkSizeFor(TransferConfig config, DatagramOut out) {
        return Math.min(65_535, config.maxDatagramBytes() - out.overhead() - DataCodec.HEADER_BYTES);
    }

    private static OutgoingSession failedEarly(OutgoingTransfer ticket, Path path, TransferConfig config,
                                               DatagramOut out, Seal seal, TransferListener listener,
                                               Consumer<OutgoingSession> onEnd, String reason) {
        OutgoingSession session = new OutgoingSession(ticket, path, ChunkSource.none(), config, out, seal, listener,
                onEnd);
        session.state = State.ENDED;
        safely(() -> listener.failed(reason));
        session.future.completeExceptionally(new TransferFailedException(reason));
        return session;
    }

    public long transferId() {
        return ticket.transferId();
    }

    public Seal seal() {
        return seal;
    }

    /** Receive thread, before anything is decrypted: only the audience's address can answer this transfer. */
    public boolean acceptsFrom(InetSocketAddress from) {
        return from.equals(ticket.audience());
    }

    public CompletableFuture<TransferOutcome> future() {
        return future;
    }

    public boolean isEnded() {
        lock.lock();
        try {
            return state == State.ENDED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        startedAt = System.nanoTime();
        lastHeard = startedAt;
        lastProgress = startedAt;
        long lastReport = startedAt;
        try {
            while (true) {
                int seq;
                int probe = 0;
                String timeout = null;
                lock.lock();
                try {
                    seq = -1;
                    while (seq < 0 && probe == 0) {
                        if (state == State.ENDED) {
                            return;
                        }
                        long now = System.nanoTime();
                        long idleLeft = config.idleTimeout().toNanos() - (now - lastHeard);
                        if (idleLeft <= 0) {
                            timeout = state == State.OFFERING
                                    ? "the audience did not answer the offer within " + seconds(config.idleTimeout())
                                    : "the audience stopped responding (nothing heard for "
                                    + seconds(config.idleTimeout()) + ")";
                            break;
                        }
                        long waitNanos;
                        if (state == State.SENDING) {
                            long rtoDeadline = lastProgress + rtt.rtoNanos() * backoff;
                            if (board.pipe() > 0 && now >= rtoDeadline) {
                                if (board.declareOldestInFlightLost()) {
                                    congestion.onLoss(now, wireBytes);
                                }
                                backoff = Math.min(backoff * 2, 64);
                                lastProgress = now;
                            }
                            long congestionWait = congestionWaitNanos(now);
                            seq = congestionWait == 0 ? board.next(Math.min(peerWindow, config.maxWindowChunks())) : -1;
                            if (seq >= 0) {
                                board.sent(seq, now);
                                congestion.onSent(now, wireBytes);
                                break;
                            }
                            if (board.allDelivered()) {
                                state = State.CONFIRMING;
                                backoff = 1;
                                nextProbeAt = now;
                                continue;
                            }
                            waitNanos = board.pipe() > 0 ? rtoDeadline - now : rtt.rtoNanos();
                            if (congestionWait > 0) {
                                waitNanos = Math.min(waitNanos, congestionWait);
                            }
                        } else {
                            if (now >= nextProbeAt) {
                                probe = state == State.OFFERING ? PacketType.OFFER : PacketType.PING;
                                nextProbeAt = now + Math.min(rtt.rtoNanos() * backoff, MAX_PROBE_INTERVAL_NANOS);
                                backoff = Math.min(backoff * 2, 64);
                                break;
                            }
                            waitNanos = nextProbeAt - now;
                        }
                        wake.awaitNanos(Math.max(1_000, Math.min(waitNanos, idleLeft)));
                    }
                } finally {
                    lock.unlock();
                }
                if (timeout != null) {
                    end(timeout, true);
                    return;
                }
                if (seq >= 0) {
                    sendData(seq);
                } else if (probe == PacketType.OFFER) {
                    sendOffer();
                } else {
                    sendPing();
                }
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
                    lastReport = now;
                    reportProgress(now);
                }
            }
        } catch (IOException e) {
            end("cannot read " + path.getFileName() + ": " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end("the transfer was interrupted", true);
        } catch (RuntimeException e) {
            log.warn("transfer {} sender failed", ticket.transferId(), e);
            end("internal error: " + e, true);
        }
    }

    /** Receive thread: the audience accepted the offer. */
    public void onAccept(Accept accept, InetSocketAddress from) {
        if (!from.equals(ticket.audience())) {
            return;
        }
        lock.lock();
        try {
            if (state != State.OFFERING) {
                return;
            }
            long sample = rtt.sample(Wire.nowMicros(), accept.echoMicros());
            congestion.onAck(System.nanoTime(), 0, sample);
            peerWindow = clampWindow(accept.window());
            if (accept.resumeFrom() > 0) {
                board.alreadyHeldBelow(accept.resumeFrom());
                resumedBytes = Math.min(ticket.size(), (long) board.cumulative() * chunkSize);
            }
            state = State.SENDING;
            backoff = 1;
            lastHeard = System.nanoTime();
            lastProgress = lastHeard;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Receive thread: what the audience holds. */
    public void onAck(Ack ack, InetSocketAddress from) {
        if (!from.equals(ticket.audience())) {
            return;
        }
        lock.lock();
        try {
            if (state != State.SENDING && state != State.CONFIRMING) {
                return;
            }
            long now = System.nanoTime();
            lastHeard = now;
            long sample = rtt.sample(Wire.nowMicros(), ack.echoMicros());
            peerWindow = clampWindow(ack.window());
            // The echo is in whole microseconds of the same clock: up to 1 us earlier than the datagram's send time.
            board.echoed(sample >= 0 ? now - sample + 1_000 : Long.MIN_VALUE);
            long deliveredBefore = board.deliveredChunks();
            long lostBefore = board.lostChunks();
            boolean progress = board.acknowledgeBelow(ack.cumulative());
            for (AckRange range : ack.ranges()) {
                progress |= board.acknowledgeRange(range.start(), range.end());
            }
            if (progress) {
                lastProgress = now;
                backoff = 1;
            }
            board.detectLosses(rtt.reorderWindowNanos());
            congestion.onAck(now, (board.deliveredChunks() - deliveredBefore) * wireBytes, sample);
            long lost = board.lostChunks() - lostBefore;
            if (lost > 0) {
                congestion.onLoss(now, lost * wireBytes);
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Receive thread: the audience verified and saved the file. */
    public void onDone(InetSocketAddress from) {
        if (!from.equals(ticket.audience())) {
            return;
        }
        lock.lock();
        try {
            // Only an empty file can be done before its ACCEPT arrives: the audience finishes it on the
            // offer, so when that ACCEPT is lost, DONE (repeated for every further offer) is all that comes.
            if (state == State.ENDED || (state == State.OFFERING && ticket.size() > 0)) {
                return;
            }
        } finally {
            lock.unlock();
        }
        end(null, false);
    }

    /** Receive thread: the audience refused or could not verify the file. */
    public void onReject(String reason, InetSocketAddress from) {
        if (!from.equals(ticket.audience())) {
            return;
        }
        end("the audience refused the file: " + reason, false);
    }

    /** Ends the transfer from outside (endpoint closing). */
    public void cancel(String reason) {
        end(reason, true);
    }

    private void end(String reason, boolean tellPeer) {
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        // Outside the lock: callbacks and future continuations may take their time.
        chunks.close();
        if (reason != null && tellPeer) {
            ByteBuffer cancel = ByteBuffer.allocate(Math.min(datagramBytes, 512));
            ReasonCodec.encode(cancel, PacketType.CANCEL, ticket.transferId(), reason);
            out.send(cancel, ticket.audience());
        }
        onEnd.accept(this);
        DroppedDatagrams dropped = seal.opener().drops().snapshot();
        if (dropped.total() > 0) {
            log.info("transfer {} to {} {}: dropped {}", ticket.transferId(), ticket.audience(),
                    reason == null ? "completed" : "failed", dropped);
        } else {
            log.debug("transfer {} to {}: no datagram dropped", ticket.transferId(), ticket.audience());
        }
        safely(() -> listener.dropped(dropped));
        logPathModel();
        if (reason == null) {
            long elapsed = System.nanoTime() - startedAt;
            safely(() -> listener.progress(ticket.size(), ticket.size(), ticket.size() * 1e9 / Math.max(1, elapsed)));
            safely(() -> listener.completed(path));
            future.complete(new TransferOutcome(ticket.transferId(), ticket.size(), Duration.ofNanos(elapsed),
                    datagramsSent, retransmissions(), dropped, resumedBytes()));
        } else {
            safely(() -> listener.failed(reason));
            future.completeExceptionally(new TransferFailedException(reason));
        }
    }

    private long resumedBytes() {
        lock.lock();
        try {
            return resumedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Once per transfer: what the congestion controller learnt of the path, for whoever tunes it. */
    private void logPathModel() {
        if (!log.isDebugEnabled()) {
            return;
        }
        lock.lock();
        try {
            log.debug("transfer {} path model at the end: {}", ticket.transferId(), congestion);
        } finally {
            lock.unlock();
        }
    }

    private long retransmissions() {
        lock.lock();
        try {
            return board.retransmissions();
        } finally {
            lock.unlock();
        }
    }

    private Offer offer() {
        return new Offer(ticket.token(), ticket.presenter(), ticket.fileName(), ticket.size(), ticket.sha256Hex(),
                chunkSize, Wire.nowMicros());
    }

    private void sendOffer() {
        OfferCodec.encode(packet, ticket.transferId(), offer());
        transmit();
    }

    private void sendPing() {
        PingCodec.encode(packet, ticket.transferId(), new Ping(Wire.nowMicros()));
        transmit();
    }

    private void sendData(int seq) throws IOException {
        // The chunk goes from the file straight into the datagram: no copy through a Data record.
        DataCodec.begin(packet, ticket.transferId(), seq, 0, Wire.nowMicros());
        chunks.copy(seq, packet);
        Wire.finish(packet);
        pacer.beforeSend(packet.limit());
        transmit();
    }

    /** Sends the finished datagram in {@link #packet}. */
    private void transmit() {
        out.send(packet, ticket.audience());
        datagramsSent++;
    }

    private void reportProgress(long now) {
        long done;
        lock.lock();
        try {
            done = Math.min(ticket.size(), (long) board.cumulative() * chunkSize);
        } finally {
            lock.unlock();
        }
        double rate = done * 1e9 / Math.max(1, now - startedAt);
        safely(() -> listener.progress(done, ticket.size(), rate));
    }

    /**
     * Under the lock: 0 when the congestion controller lets a datagram go now; else how long until its pacing
     * allows one, or -1 when its flight cap is full (an ACK will wake the sender).
     */
    private long congestionWaitNanos(long now) {
        if ((long) board.pipe() * wireBytes >= congestion.inflightCapBytes()) {
            return -1;
        }
        return congestion.sendDelayNanos(now);
    }

    private int clampWindow(int advertised) {
        return Math.max(2, Math.min(advertised, config.maxWindowChunks()));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("transfer listener threw", e);
        }
    }
}
