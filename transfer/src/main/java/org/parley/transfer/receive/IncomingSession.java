package org.parley.transfer.receive;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.parley.transfer.IncomingTransfer;
import org.parley.transfer.SafeFileName;
import org.parley.transfer.TransferConfig;
import org.parley.transfer.TransferListener;
import org.parley.transfer.seal.DroppedDatagrams;
import org.parley.transfer.seal.Seal;
import org.parley.transfer.wire.Accept;
import org.parley.transfer.wire.AcceptCodec;
import org.parley.transfer.wire.Ack;
import org.parley.transfer.wire.AckCodec;
import org.parley.transfer.wire.AckRange;
import org.parley.transfer.wire.Data;
import org.parley.transfer.wire.DataCodec;
import org.parley.transfer.wire.DatagramOut;
import org.parley.transfer.wire.DoneCodec;
import org.parley.transfer.wire.Offer;
import org.parley.transfer.wire.PacketType;
import org.parley.transfer.wire.Ping;
import org.parley.transfer.wire.ReasonCodec;
import org.parley.transfer.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audience's side of one authorised upload: waits for an offer carrying the server's token, writes chunks
 * at their offsets into a temporary file, acknowledges in batches, and once every chunk is held verifies size
 * and SHA-256 before the file takes its final name.
 *
 * <p>Threads: datagrams and ACKs on the endpoint's receive thread; hashing, verification and the rename on the
 * endpoint's worker (so a slow disk never stalls the socket); timers on the endpoint's scheduler. The state
 * moves forward only, by compare-and-set, so exactly one of them ends the session. Datagrams reach it already
 * opened by its {@link Seal}'s opener and decoded by their codecs, and what it sends is encoded by the codecs
 * and goes out through the endpoint's sealing output: the session holds the state machine only, with file
 * writing and hashing in {@link FileAssembler}.
 */
public final class IncomingSession {
    private static final Logger log = LoggerFactory.getLogger(IncomingSession.class);
    /** An ACK with more held ranges than one datagram fits continues in up to this many datagrams. */
    private static final int MAX_ACK_DATAGRAMS = 4;
    private static final long HASH_STEP_BYTES = 4L << 20;
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    private static final int MAX_CHUNK_BYTES = TransferConfig.MAX_DATAGRAM_BYTES - DataCodec.HEADER_BYTES;

    private enum State { EXPECTING, RECEIVING, FINALIZING, ENDED }

    /** Immutable after construction; read by every thread. */
    private final IncomingTransfer ticket;
    private final Path directory;
    private final TransferListener listener;
    private final TransferConfig config;
    private final DatagramOut out;
    private final Executor worker;
    private final SessionEnds ends;
    private final IntSupplier window;
    private final Seal seal;
    private final int datagramBytes;
    private final String refusal;
    private final byte[] token;
    private final long createdAt = System.nanoTime();
    private final PartialStore partials;
    /** Any thread: the state only moves forward, by compare-and-set; one hash task at a time. */
    private final AtomicReference<State> state = new AtomicReference<>(State.EXPECTING);
    private final AtomicBoolean hashing = new AtomicBoolean();

    /**
     * Written once by the receive thread when the offer is accepted; volatile because whichever thread ends the
     * session reads them too (to answer the peer, and to keep or discard the file). The worker uses the file's
     * hashing and commit methods, each on its own range of it.
     */
    private volatile InetSocketAddress peer;
    private volatile FileAssembler file;

    /** Receive thread only, set when the offer is accepted (the ACK timing in {@link AckClock}). */
    private ReceivedChunks chunks;
    private int chunkSize;
    private final AckClock ackClock = new AckClock();
    private ByteBuffer ack;
    private final List<AckRange> ackRanges = new ArrayList<>();
    private long bytesReceived;
    /** Chunks from the start the audience held before this session (from a kept partial); sent in ACCEPT. */
    private int resumeFrom;
    private long hashRequested;
    private long firstDataAt;
    private long lastReport;

    /** Written by the receive thread, read by the scheduler's idle check. */
    private volatile long lastHeard = System.nanoTime();
    /**
     * Written by the receive thread, read by whichever thread ends the session: bytes from the start that are
     * in the file and would be kept for a resume.
     */
    private volatile long resumablePrefix;

    public IncomingSession(IncomingTransfer ticket, Path directory, TransferListener listener, TransferConfig config,
                           DatagramOut out, Seal seal, Executor worker, SessionEnds ends, IntSupplier window) {
        this.ticket = ticket;
        this.directory = directory.toAbsolutePath().normalize();
        this.partials = new PartialStore(this.directory);
        this.listener = listener;
        this.config = config;
        this.out = out;
        this.worker = worker;
        this.ends = ends;
        this.window = window;
        this.seal = seal;
        this.datagramBytes = config.maxDatagramBytes() - out.overhead();
        this.token = ticket.token().getBytes(StandardCharsets.UTF_8);
        this.refusal = refusalOf(ticket, this.directory);
        if (refusal != null) {
            safely(() -> listener.failed(refusal));
        }
    }

    private static String refusalOf(IncomingTransfer ticket, Path directory) {
        if (!SafeFileName.isSafe(ticket.fileName()) || !SafeFileName.isSafe(ticket.presenter())) {
            return "refused unsafe file name " + printable(ticket.presenter() + "_" + ticket.fileName())
                    + ": only a plain base name is accepted";
        }
        Path target = directory.resolve(ticket.finalName()).normalize();
        if (!directory.equals(target.getParent())) {
            return "refused file name that leaves the download directory";
        }
        return null;
    }

    public long transferId() {
        return ticket.transferId();
    }

    public Seal seal() {
        return seal;
    }

    /**
     * Receive thread, before anything is decrypted: whether a datagram of this type from {@code from} can be
     * for this session at all. Before an offer is accepted only an OFFER can be; after it, only the peer.
     */
    public boolean acceptsFrom(InetSocketAddress from, int type) {
        if (peer == null) {
            return type == PacketType.OFFER && state.get() == State.EXPECTING;
        }
        return from.equals(peer);
    }

    /** Receive thread. */
    public void onOffer(Offer offer, InetSocketAddress from) {
        if (!MessageDigest.isEqual(token, offer.token().getBytes(StandardCharsets.UTF_8))) {
            log.debug("transfer {}: dropped offer without the right token from {}", ticket.transferId(), from);
            return;
        }
        switch (state.get()) {
            case EXPECTING -> accept(offer, from);
            case RECEIVING, FINALIZING -> {
                if (from.equals(peer)) {
                    lastHeard = System.nanoTime();
                    sendAccept(offer.tsMicros());
                }
            }
            default -> { }
        }
    }

    private void accept(Offer offer, InetSocketAddress from) {
        peer = from;
        lastHeard = System.nanoTime();
        if (refusal != null) {
            end(refusal, true, false);
            return;
        }
        if (!offer.presenter().equals(ticket.presenter()) || !offer.fileName().equals(ticket.fileName())
                || offer.size() != ticket.size() || !offer.sha256Hex().equalsIgnoreCase(ticket.sha256Hex())) {
            end("the offer does not match the authorisation (name, size or SHA-256 differ)", true, true);
            return;
        }
        long chunkCount = (offer.size() + offer.chunkSize() - 1) / offer.chunkSize();
        if (offer.chunkSize() > MAX_CHUNK_BYTES || chunkCount > Integer.MAX_VALUE - 1) {
            end("unsupported chunk size " + offer.chunkSize(), true, true);
            return;
        }
        try {
            file = new FileAssembler(partials, directory.resolve(ticket.finalName()), ticket.transferId(),
                    ticket.presenter(), ticket.fileName(), ticket.size(), ticket.sha256Hex());
        } catch (IOException e) {
            end("cannot create a file in the download directory: " + e.getMessage(), true, true);
            return;
        }
        chunkSize = offer.chunkSize();
        long prefix = file.resumedPrefix();
        resumeFrom = prefix >= ticket.size() ? (int) chunkCount : (int) (prefix / chunkSize);
        chunks = new ReceivedChunks((int) chunkCount, resumeFrom);
        ackClock.expect(resumeFrom);
        bytesReceived = Math.min(ticket.size(), (long) resumeFrom * chunkSize);
        resumablePrefix = bytesReceived;
        if (resumeFrom > 0) {
            log.info("transfer {}: resuming {} from {} of {} bytes already received", ticket.transferId(),
                    ticket.finalName(), bytesReceived, ticket.size());
        }
        if (!state.compareAndSet(State.EXPECTING, State.RECEIVING)) {
            file.keep(partials, ticket.presenter(), ticket.fileName(), ticket.sha256Hex(), resumablePrefix);
            return;
        }
        firstDataAt = System.nanoTime();
        sendAccept(offer.tsMicros());
        if (chunks.complete()) {
            finish();
        }
    }

    /** Receive thread. */
    public void onData(Data data, InetSocketAddress from) {
        State current = state.get();
        if ((current != State.RECEIVING && current != State.FINALIZING) || !from.equals(peer)) {
            return;
        }
        int seq = data.seq();
        ByteBuffer chunk = data.chunk();
        if ((long) seq * chunkSize >= Math.max(1, ticket.size())) {
            return;
        }
        long offset = (long) seq * chunkSize;
        if (chunk.remaining() != (int) Math.min(chunkSize, ticket.size() - offset)) {
            return;
        }
        long now = System.nanoTime();
        lastHeard = now;
        boolean ackNow = ackClock.data(seq, data.tsMicros(), now);
        if (current == State.RECEIVING && chunks.add(seq)) {
            bytesReceived += chunk.remaining();
            try {
                file.write(chunk, offset);
            } catch (IOException e) {
                end("cannot write the file: " + e.getMessage(), true, true);
                return;
            }
            if (chunks.complete()) {
                flushAck();
                try {
                    file.flush();
                } catch (IOException e) {
                    end("cannot write the file: " + e.getMessage(), true, true);
                    return;
                }
                finish();
                return;
            }
        }
        if (ackNow) {
            flushAck();
        }
    }

    /** Receive thread. A PING asks for a fresh ACK; it also shows the presenter is still there. */
    public void onPing(Ping ping, InetSocketAddress from) {
        State current = state.get();
        if ((current == State.RECEIVING || current == State.FINALIZING) && from.equals(peer)) {
            long now = System.nanoTime();
            lastHeard = now;
            ackClock.ping(ping.tsMicros(), now);
        }
    }

    /** Receive thread. The presenter gave up. */
    public void onCancel(String reason, InetSocketAddress from) {
        if (peer != null && from.equals(peer)) {
            end("the presenter cancelled: " + reason, false, true, true);
        }
    }

    /**
     * Receive thread, socket drained at {@code nowNanos} while datagrams keep coming: acknowledges only when it
     * matters now (a gap, a repair, a ping), enough chunks have arrived or the oldest owed has waited long enough
     * ({@link AckClock}), so a fast in-order stream costs an ACK per batch, not per drain. The endpoint calls
     * {@link #flushAck()} once the socket stays empty, so nothing owed is held back.
     */
    public void flushAckIfUseful(long nowNanos) {
        if (ackClock.useful(nowNanos)) {
            flushAck();
        }
    }

    /** Receive thread: sends the ACK owed since the last one, if any. */
    public void flushAck() {
        State current = state.get();
        if (!ackClock.due() || (current != State.RECEIVING && current != State.FINALIZING)) {
            return;
        }
        if (ack == null) {
            ack = ByteBuffer.allocateDirect(datagramBytes);
        }
        int granted = window.getAsInt();
        int echo = ackClock.sent(granted);
        int from = chunks.cumulative();
        int maxRanges = AckCodec.maxRanges(datagramBytes);
        for (int datagrams = 0; datagrams < MAX_ACK_DATAGRAMS && from >= 0; datagrams++) {
            ackRanges.clear();
            from = chunks.ranges(ackRanges, maxRanges, from);
            AckCodec.encode(ack, ticket.transferId(), new Ack(chunks.cumulative(), echo, granted, ackRanges));
            out.send(ack, peer);
        }
        afterAck();
    }

    private void afterAck() {
        // Only what has left the write buffer can be read back and hashed.
        long prefix = Math.min(Math.min(ticket.size(), (long) chunks.cumulative() * chunkSize), file.writtenBelow());
        resumablePrefix = Math.max(resumablePrefix, prefix);
        if (state.get() == State.RECEIVING && prefix - hashRequested >= HASH_STEP_BYTES
                && hashing.compareAndSet(false, true)) {
            hashRequested = prefix;
            worker.execute(() -> {
                try {
                    if (state.get() == State.RECEIVING) {
                        file.hashUpTo(prefix);
                    }
                } catch (IOException e) {
                    end("cannot read back the file: " + e.getMessage(), true, true);
                } finally {
                    hashing.set(false);
                }
            });
        }
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
            lastReport = now;
            long done = bytesReceived;
            double rate = done * 1e9 / Math.max(1, now - firstDataAt);
            safely(() -> listener.progress(done, ticket.size(), rate));
        }
    }

    private void finish() {
        if (!state.compareAndSet(State.RECEIVING, State.FINALIZING)) {
            return;
        }
        worker.execute(this::verifyAndCommit);
    }

    /** Worker: the last word. Only a file whose size and SHA-256 match the authorisation gets its name. */
    private void verifyAndCommit() {
        Path saved;
        try {
            String actual = file.finishHash();
            if (!actual.equalsIgnoreCase(ticket.sha256Hex())) {
                end("verification failed: the file's SHA-256 is " + actual + " but the authorisation says "
                        + ticket.sha256Hex(), true, true);
                return;
            }
            if (state.get() != State.FINALIZING) {
                return;
            }
            saved = file.commit();
        } catch (IOException e) {
            end("cannot save the file: " + e.getMessage(), true, true);
            return;
        }
        if (!state.compareAndSet(State.FINALIZING, State.ENDED)) {
            return;
        }
        ByteBuffer done = ByteBuffer.allocate(Wire.HEADER_BYTES);
        DoneCodec.encode(done, ticket.transferId());
        out.send(done.duplicate(), peer);
        ends.ended(this, done, peer);
        reportDrops(null, true);
        safely(() -> listener.progress(ticket.size(), ticket.size(),
                ticket.size() * 1e9 / Math.max(1, System.nanoTime() - firstDataAt)));
        safely(() -> listener.completed(saved));
    }

    /** Scheduler: ends the session when its offer or its presenter is overdue. */
    public void checkTimers(long now) {
        State current = state.get();
        if (current == State.EXPECTING && now - createdAt > config.offerTimeout().toNanos()) {
            end("no offer arrived within " + describe(config.offerTimeout()), false, refusal == null);
        } else if (current == State.RECEIVING && now - lastHeard > config.idleTimeout().toNanos()) {
            end("the presenter stopped sending (nothing received for " + describe(config.idleTimeout()) + ")",
                    true, true, true);
        }
    }

    /** Endpoint closing, or the server said the presenter's session ended: what was received is kept. */
    public void cancel(String reason) {
        end(reason, true, true, true);
    }

    private void end(String reason, boolean tellPeer, boolean notify) {
        end(reason, tellPeer, notify, false);
    }

    /**
     * {@code resumable}: the failure is the connection's, not the file's (the presenter went away, or this end
     * is closing), so what was received is kept for a resume of the same file rather than deleted.
     */
    private void end(String reason, boolean tellPeer, boolean notify, boolean resumable) {
        State previous = state.getAndSet(State.ENDED);
        if (previous == State.ENDED) {
            return;
        }
        if (file != null) {
            long prefix = resumablePrefix;
            if (resumable && prefix > 0 && previous != State.EXPECTING) {
                file.keep(partials, ticket.presenter(), ticket.fileName(), ticket.sha256Hex(), prefix);
            } else {
                file.discard();
            }
        }
        ByteBuffer reject = null;
        if (tellPeer && peer != null) {
            reject = ByteBuffer.allocate(Math.min(datagramBytes, 512));
            ReasonCodec.encode(reject, PacketType.REJECT, ticket.transferId(), reason);
            out.send(reject.duplicate(), peer);
        }
        ends.ended(this, reject, peer);
        reportDrops(reason, notify);
        if (notify) {
            safely(() -> listener.failed(reason));
        }
    }

    private void sendAccept(int echoed) {
        ByteBuffer accept = ByteBuffer.allocate(Wire.HEADER_BYTES + AcceptCodec.BODY_BYTES);
        AcceptCodec.encode(accept, ticket.transferId(), new Accept(echoed, window.getAsInt(), resumeFrom));
        out.send(accept, peer);
    }

    /** Once per transfer, at its end: the drops are logged and handed to the listener, never per datagram. */
    private void reportDrops(String failure, boolean tellListener) {
        DroppedDatagrams dropped = seal.opener().drops().snapshot();
        if (dropped.total() > 0) {
            log.info("transfer {} from {} {}: dropped {}", ticket.transferId(), ticket.presenter(),
                    failure == null ? "completed" : "failed", dropped);
        } else {
            log.debug("transfer {} from {}: no datagram dropped", ticket.transferId(), ticket.presenter());
        }
        if (tellListener) {
            safely(() -> listener.dropped(dropped));
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).map(c -> Character.isISOControl(c) ? '?' : c).forEach(b::appendCodePoint);
        return "'" + b + "'";
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("transfer listener threw", e);
        }
    }
}
