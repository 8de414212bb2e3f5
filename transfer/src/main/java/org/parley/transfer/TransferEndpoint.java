package org.parley.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.parley.transfer.receive.IncomingSession;
import org.parley.transfer.seal.Role;
import org.parley.transfer.seal.Seal;
import org.parley.transfer.seal.Sealing;
import org.parley.transfer.seal.SealingOut;
import org.parley.transfer.send.OutgoingSession;
import org.parley.transfer.wire.AcceptCodec;
import org.parley.transfer.wire.AckCodec;
import org.parley.transfer.wire.DataCodec;
import org.parley.transfer.wire.DoneCodec;
import org.parley.transfer.wire.MalformedDatagramException;
import org.parley.transfer.wire.OfferCodec;
import org.parley.transfer.wire.PacketType;
import org.parley.transfer.wire.PingCodec;
import org.parley.transfer.wire.ReasonCodec;
import org.parley.transfer.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port that sends and receives any number of uploads at once, in both directions.
 *
 * <p><b>Why plain NIO and not Netty.</b> The hot path is one socket, one datagram at a time, with state that
 * belongs to a single transfer. A {@link java.nio.channels.DatagramChannel} with a reused direct buffer gives
 * that with no per-datagram allocation, no pipeline, and direct positional {@link java.nio.channels.FileChannel}
 * I/O; Netty would add reference-counted buffers and an event loop hop without buying anything here.
 *
 * <p><b>Sealing.</b> Every datagram is sealed with AES-256-GCM under its transfer's key (the {@code seal}
 * package, between the sessions and the socket): sessions encode and send through a {@link SealingOut}, and the
 * receive thread opens each datagram with the transfer's opener before the session sees it. The cheap checks
 * come first, so garbage costs no decryption: header shape, known transfer id, the peer's address, then the
 * replay window, and only then the cipher.
 *
 * <p><b>Threads.</b> One receive thread reads every datagram, drops what is not ours (malformed, unknown id,
 * wrong source address, replayed, unauthentic, wrong token), and hands the rest to its session; when the socket
 * is drained it flushes the ACKs the burst earned, so ACKs are naturally batched. It owns every opener and the
 * one plaintext buffer they share; sealers are safe on any thread. Each upload has a sender thread
 * clocked by those ACKs. A worker thread hashes, verifies and renames received files off the receive path, and
 * a scheduler thread enforces timeouts. See {@code docs/PROTOCOL-UDP.md} for the wire format.
 */
public final class TransferEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransferEndpoint.class);
    private static final int RECEIVE_BUFFER_BYTES = 65_536;
    private static final int ACK_FLUSH_EVERY_DATAGRAMS = 256;
    private static final long DRAIN_PAUSE_NANOS = 50_000L;
    private static final String CLOSED = "the transfer endpoint was closed";

    private final TransferConfig config;
    private final Sealing sealing;
    private final UdpPort udp;
    private final Selector selector;
    private final Map<Long, IncomingSession> incoming = new ConcurrentHashMap<>();
    private final Map<Long, OutgoingSession> outgoing = new ConcurrentHashMap<>();
    /**
     * Every transfer id this endpoint has sent or expected. A second session under the same ticket would seal
     * under the same key with its counter back at 0, repeating nonces (which breaks AES-GCM), so a ticket is
     * good for one transfer per endpoint. Grows by one small entry per transfer: an endpoint lives as long as
     * one client.
     */
    private final Set<Long> usedIds = ConcurrentHashMap.newKeySet();
    private final Tombstones tombstones;
    private final ExecutorService worker;
    private final ScheduledExecutorService scheduler;
    private final Thread receiver;
    private final int windowChunks;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private TransferEndpoint(TransferConfig config, Sealing sealing, UdpPort udp, Selector selector) {
        this.config = config;
        this.sealing = sealing;
        this.udp = udp;
        this.selector = selector;
        this.tombstones = new Tombstones(2 * config.idleTimeout().toNanos());
        String name = "parley-transfer-" + udp.port();
        this.worker = Executors.newSingleThreadExecutor(daemon(name + "-worker"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
        // Everything in flight may sit in our socket buffer at once; keep it below what the kernel grants.
        this.windowChunks = Math.max(16, Math.min(config.maxWindowChunks(),
                udp.receiveBufferBytes() / (2 * config.maxDatagramBytes())));
        this.receiver = daemon(name + "-receive").newThread(this::receiveLoop);
    }

    /** Binds the endpoint; port 0 picks a free port, see {@link #port()}. Every transfer is sealed. */
    public static TransferEndpoint bind(InetSocketAddress local, TransferConfig config) throws IOException {
        return bind(local, config, Sealing.aead());
    }

    /**
     * An endpoint that sends and accepts datagrams in clear, with a checksum only: the baseline the transfer
     * benchmark measures sealing against, in the same run. Never for the product (no client or CLI path
     * reaches it): anyone on the path could read and forge its transfers. It cannot talk to a sealed endpoint.
     */
    public static TransferEndpoint bindUnsealedForBenchmark(InetSocketAddress local, TransferConfig config)
            throws IOException {
        return bind(local, config, Sealing.checksumOnly());
    }

    private static TransferEndpoint bind(InetSocketAddress local, TransferConfig config, Sealing sealing)
            throws IOException {
        UdpPort udp = UdpPort.bind(local, config.socketBufferBytes());
        Selector selector;
        try {
            selector = Selector.open();
            udp.channel().register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            udp.close();
            throw e;
        }
        TransferEndpoint endpoint = new TransferEndpoint(config, sealing, udp, selector);
        endpoint.start();
        return endpoint;
    }

    private void start() {
        long tick = Math.max(10, Math.min(250,
                Math.min(config.idleTimeout().toMillis(), config.offerTimeout().toMillis()) / 5));
        scheduler.scheduleWithFixedDelay(this::checkTimers, tick, tick, TimeUnit.MILLISECONDS);
        receiver.start();
    }

    public int port() {
        return udp.port();
    }

    /** Audience side: the server told us an authorised upload will arrive. */
    public void expect(IncomingTransfer ticket, Path downloadDir, TransferListener listener) {
        if (!open.get()) {
            listener.failed(CLOSED);
            return;
        }
        if (!usedIds.add(ticket.transferId())) {
            listener.failed("transfer " + ticket.transferId() + " was already used on this endpoint");
            return;
        }
        Seal seal = sealing.forTransfer(ticket.key(), ticket.transferId(), Role.AUDIENCE);
        IncomingSession session = new IncomingSession(ticket, downloadDir, listener, config,
                new SealingOut(seal.sealer(), sealing.overhead(), udp), seal, worker,
                (s, reply, peer) -> {
                    incoming.remove(s.transferId(), s);
                    tombstones.remember(s.transferId(), reply, peer, s.seal());
                },
                () -> windowChunks / Math.max(1, incoming.size()));
        incoming.put(ticket.transferId(), session);
    }

    /**
     * Presenter side: sends the file. Completes when the audience confirmed the verified file, or
     * exceptionally with {@link TransferFailedException} carrying the reason.
     */
    public CompletableFuture<TransferOutcome> send(OutgoingTransfer ticket, Path file, TransferListener listener) {
        if (!open.get()) {
            listener.failed(CLOSED);
            return CompletableFuture.failedFuture(new TransferFailedException(CLOSED));
        }
        if (!usedIds.add(ticket.transferId())) {
            String reason = "transfer " + ticket.transferId() + " was already used on this endpoint";
            listener.failed(reason);
            return CompletableFuture.failedFuture(new TransferFailedException(reason));
        }
        Seal seal = sealing.forTransfer(ticket.key(), ticket.transferId(), Role.PRESENTER);
        OutgoingSession session = OutgoingSession.open(ticket, file, config,
                new SealingOut(seal.sealer(), sealing.overhead(), udp), seal, listener,
                s -> outgoing.remove(s.transferId(), s));
        if (!session.isEnded()) {
            outgoing.put(ticket.transferId(), session);
            Thread thread = daemon("parley-transfer-send-" + ticket.transferId()).newThread(session);
            thread.start();
        }
        return session.future();
    }

    /**
     * Ends the live transfer with this id, in either direction, as a failure with {@code reason} (the peer is
     * told too, in case it is still there): the server said the other end's session ended, so waiting for the
     * idle timeout would only delay the news. False when no transfer with this id is live here (it finished,
     * failed, or was never ours).
     */
    public boolean abort(long transferId, String reason) {
        OutgoingSession out = outgoing.get(transferId);
        if (out != null) {
            out.cancel(reason);
            return true;
        }
        IncomingSession in = incoming.get(transferId);
        if (in != null) {
            in.cancel(reason);
            return true;
        }
        return false;
    }

    /** Ends every transfer (both sides are told why) and releases the port. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        outgoing.values().forEach(s -> s.cancel(CLOSED));
        incoming.values().forEach(s -> s.cancel(CLOSED));
        scheduler.shutdownNow();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector", e);
        }
        udp.close();
        worker.shutdown();
        try {
            receiver.join(TimeUnit.SECONDS.toMillis(2));
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
        ByteBuffer plain = ByteBuffer.allocate(RECEIVE_BUFFER_BYTES);
        try {
            while (open.get()) {
                selector.select();
                selector.selectedKeys().clear();
                // While traffic flows, pause briefly after each drain instead of going back to the selector:
                // the datagrams that arrive meanwhile are then read in one batch (and earn one ACK), rather
                // than costing a wake-up, an epoll_wait and an ACK each. The pause is far shorter than what
                // the socket buffer holds, and the window keeps senders from overrunning it.
                while (drain(buffer, plain) > 0 && open.get()) {
                    flushAcks(false);
                    LockSupport.parkNanos(DRAIN_PAUSE_NANOS);
                }
                flushAcks(true);
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open.get()) {
                log.warn("transfer endpoint receive loop stopped", e);
            }
        }
    }

    /** Reads every datagram waiting in the socket; returns how many it read. */
    private int drain(ByteBuffer buffer, ByteBuffer plain) throws IOException {
        int count = 0;
        int sinceFlush = 0;
        while (open.get()) {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) udp.channel().receive(buffer);
            if (from == null) {
                break;
            }
            count++;
            buffer.flip();
            dispatch(buffer, from, plain);
            if (++sinceFlush >= ACK_FLUSH_EVERY_DATAGRAMS) {
                sinceFlush = 0;
                flushAcks(true);
            }
        }
        return count;
    }

    /**
     * Never throws: a datagram that upsets a session is dropped and the loop carries on. Checks run cheapest
     * first, so only a datagram for a live transfer, from its peer, not yet seen, costs a decryption.
     */
    private void dispatch(ByteBuffer sealed, InetSocketAddress from, ByteBuffer plain) {
        try {
            if (!sealing.looksLike(sealed)) {
                return;
            }
            int type = Wire.type(sealed);
            long id = Wire.transferId(sealed);
            switch (type) {
                case PacketType.OFFER, PacketType.DATA, PacketType.PING, PacketType.CANCEL -> {
                    IncomingSession session = incoming.get(id);
                    if (session == null) {
                        tombstones.answer(id, type, sealed, from, plain, udp);
                        return;
                    }
                    if (!session.acceptsFrom(from, type)) {
                        session.seal().opener().drops().stranger();
                        return;
                    }
                    ByteBuffer datagram = session.seal().opener().open(sealed, plain);
                    if (datagram == null) {
                        return;
                    }
                    datagram.position(Wire.HEADER_BYTES);
                    switch (type) {
                        case PacketType.OFFER -> session.onOffer(OfferCodec.decode(datagram), from);
                        case PacketType.DATA -> session.onData(DataCodec.decode(datagram), from);
                        case PacketType.PING -> session.onPing(PingCodec.decode(datagram), from);
                        default -> session.onCancel(ReasonCodec.decodeOrNoReason(datagram), from);
                    }
                }
                case PacketType.ACCEPT, PacketType.ACK, PacketType.DONE, PacketType.REJECT -> {
                    OutgoingSession session = outgoing.get(id);
                    if (session == null) {
                        return;
                    }
                    if (!session.acceptsFrom(from)) {
                        session.seal().opener().drops().stranger();
                        return;
                    }
                    ByteBuffer datagram = session.seal().opener().open(sealed, plain);
                    if (datagram == null) {
                        return;
                    }
                    datagram.position(Wire.HEADER_BYTES);
                    switch (type) {
                        case PacketType.ACCEPT -> session.onAccept(AcceptCodec.decode(datagram), from);
                        case PacketType.ACK -> session.onAck(AckCodec.decode(datagram), from);
                        case PacketType.DONE -> {
                            DoneCodec.decode(datagram);
                            session.onDone(from);
                        }
                        default -> session.onReject(ReasonCodec.decodeOrNoReason(datagram), from);
                    }
                }
                default -> { }
            }
        } catch (MalformedDatagramException e) {
            // Authentic (it opened under the transfer's key) but not of its type's layout: a broken peer.
            log.debug("dropped a malformed datagram from {}: {}", from, e.getMessage());
        } catch (RuntimeException e) {
            log.debug("dropped a datagram from {} that could not be handled", from, e);
        }
    }

    /** {@code all}: everything owed (the socket stays empty); otherwise only the ACKs that matter now. */
    private void flushAcks(boolean all) {
        long now = all ? 0 : System.nanoTime();
        for (IncomingSession session : incoming.values()) {
            try {
                if (all) {
                    session.flushAck();
                } else {
                    session.flushAckIfUseful(now);
                }
            } catch (RuntimeException e) {
                log.warn("transfer {}: ACK failed", session.transferId(), e);
            }
        }
    }

    private void checkTimers() {
        long now = System.nanoTime();
        for (IncomingSession session : incoming.values()) {
            try {
                session.checkTimers(now);
            } catch (RuntimeException e) {
                log.warn("transfer {}: timer failed", session.transferId(), e);
            }
        }
        tombstones.expire(now);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
