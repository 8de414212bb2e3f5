package org.parley.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.parley.transfer.receive.IncomingSession;
import org.parley.transfer.send.OutgoingSession;
import org.parley.transfer.wire.PacketType;
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
 * <p><b>Threads.</b> One receive thread reads every datagram, drops what is not ours (bad checksum, truncated,
 * unknown id, wrong token, wrong source address), and hands the rest to its session; when the socket is
 * drained it flushes the ACKs the burst earned, so ACKs are naturally batched. Each upload has a sender thread
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
    private final UdpPort udp;
    private final Selector selector;
    private final Map<Long, IncomingSession> incoming = new ConcurrentHashMap<>();
    private final Map<Long, OutgoingSession> outgoing = new ConcurrentHashMap<>();
    private final Tombstones tombstones;
    private final ExecutorService worker;
    private final ScheduledExecutorService scheduler;
    private final Thread receiver;
    private final int windowChunks;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private TransferEndpoint(TransferConfig config, UdpPort udp, Selector selector) {
        this.config = config;
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

    /** Binds the endpoint; port 0 picks a free port, see {@link #port()}. */
    public static TransferEndpoint bind(InetSocketAddress local, TransferConfig config) throws IOException {
        UdpPort udp = UdpPort.bind(local, config.socketBufferBytes());
        Selector selector;
        try {
            selector = Selector.open();
            udp.channel().register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            udp.close();
            throw e;
        }
        TransferEndpoint endpoint = new TransferEndpoint(config, udp, selector);
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
        IncomingSession session = new IncomingSession(ticket, downloadDir, listener, config, udp, worker,
                (s, reply, peer) -> {
                    incoming.remove(s.transferId(), s);
                    tombstones.remember(s.transferId(), reply, peer);
                },
                () -> windowChunks / Math.max(1, incoming.size()));
        if (incoming.putIfAbsent(ticket.transferId(), session) != null) {
            listener.failed("transfer " + ticket.transferId() + " is already expected");
        }
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
        if (outgoing.containsKey(ticket.transferId())) {
            String reason = "transfer " + ticket.transferId() + " is already being sent";
            listener.failed(reason);
            return CompletableFuture.failedFuture(new TransferFailedException(reason));
        }
        OutgoingSession session = OutgoingSession.open(ticket, file, config, udp, listener,
                s -> outgoing.remove(s.transferId(), s));
        if (!session.isEnded()) {
            outgoing.put(ticket.transferId(), session);
            Thread thread = daemon("parley-transfer-send-" + ticket.transferId()).newThread(session);
            thread.start();
        }
        return session.future();
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
        CRC32C crc = new CRC32C();
        try {
            while (open.get()) {
                selector.select();
                selector.selectedKeys().clear();
                // While traffic flows, pause briefly after each drain instead of going back to the selector:
                // the datagrams that arrive meanwhile are then read in one batch (and earn one ACK), rather
                // than costing a wake-up, an epoll_wait and an ACK each. The pause is far shorter than what
                // the socket buffer holds, and the window keeps senders from overrunning it.
                while (drain(buffer, crc) > 0 && open.get()) {
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
    private int drain(ByteBuffer buffer, CRC32C crc) throws IOException {
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
            dispatch(buffer, from, crc);
            if (++sinceFlush >= ACK_FLUSH_EVERY_DATAGRAMS) {
                sinceFlush = 0;
                flushAcks(true);
            }
        }
        return count;
    }

    /** Never throws: a datagram that upsets a session is dropped and the loop carries on. */
    private void dispatch(ByteBuffer datagram, InetSocketAddress from, CRC32C crc) {
        try {
            if (!Wire.isValid(datagram, crc)) {
                return;
            }
            int type = Wire.type(datagram);
            long id = Wire.transferId(datagram);
            datagram.position(Wire.HEADER_BYTES);
            switch (type) {
                case PacketType.OFFER, PacketType.DATA, PacketType.PING, PacketType.CANCEL -> {
                    IncomingSession session = incoming.get(id);
                    if (session == null) {
                        if (type != PacketType.CANCEL) {
                            tombstones.answer(id, from, udp);
                        }
                    } else if (type == PacketType.OFFER) {
                        session.onOffer(datagram, from);
                    } else if (type == PacketType.DATA) {
                        session.onData(datagram, from);
                    } else if (type == PacketType.PING) {
                        session.onPing(datagram, from);
                    } else {
                        session.onCancel(datagram, from);
                    }
                }
                case PacketType.ACCEPT, PacketType.ACK, PacketType.DONE, PacketType.REJECT -> {
                    OutgoingSession session = outgoing.get(id);
                    if (session == null) {
                        return;
                    }
                    switch (type) {
                        case PacketType.ACCEPT -> session.onAccept(datagram, from);
                        case PacketType.ACK -> session.onAck(datagram, from);
                        case PacketType.DONE -> session.onDone(from);
                        default -> session.onReject(datagram, from);
                    }
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            log.debug("dropped a datagram from {} that could not be handled", from, e);
        }
    }

    /** {@code all}: everything owed (the socket stays empty); otherwise only the ACKs that matter now. */
    private void flushAcks(boolean all) {
        for (IncomingSession session : incoming.values()) {
            try {
                if (all) {
                    session.flushAck();
                } else {
                    session.flushAckIfUseful();
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
