package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.Limits;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.tls.Fingerprint;
import org.parley.tls.PinnedTrustManager;
import org.parley.tls.TlsContexts;

/**
 * A raw protocol client for component tests: writes JSON lines, reads and decodes lines on its own
 * thread. Events that arrive while a test waits for a response are kept, so a later
 * {@link #awaitEvent} still finds them.
 */
public final class TestConnection implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** Marks the end of the stream in the queue. */
    private static final Frame CLOSED = new Response.Ok(Long.MIN_VALUE);

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final List<Frame> kept = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    /** Bytes on the wire (newline included) of each response received, by id. */
    private final Map<Long, Integer> responseBytes = new ConcurrentHashMap<>();
    private volatile boolean closedByServer;
    private volatile boolean autoAck = true;
    private final Object gate = new Object();
    private boolean paused;

    /** A plain-TCP connection from {@code localIp}: only for a server started with TLS off. */
    public TestConnection(InetSocketAddress server, String localIp) throws IOException {
        this(server, localIp, null);
    }

    /**
     * Connects from {@code localIp} (any 127.x.y.z works on loopback), so tests can act as many hosts,
     * over TLS trusting exactly the certificate {@code pin} (null: plain TCP, for a server without TLS).
     */
    public TestConnection(InetSocketAddress server, String localIp, Fingerprint pin) throws IOException {
        socket = open(server, localIp, pin, s -> { });
        out = socket.getOutputStream();
        Thread reader = new Thread(this::readLoop, "test-connection-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A connected socket from {@code localIp}, configured by {@code beforeConnect}, and over TLS pinned to
     * {@code pin} (handshake done) unless {@code pin} is null.
     */
    public static Socket open(InetSocketAddress server, String localIp, Fingerprint pin,
                              java.util.function.Consumer<Socket> beforeConnect) throws IOException {
        Socket plain = new Socket();
        beforeConnect.accept(plain);
        plain.bind(new InetSocketAddress(localIp, 0));
        plain.connect(server, 5000);
        if (pin == null) {
            return plain;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {PinnedTrustManager.of(pin)}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    server.getHostString(), server.getPort(), true);
            tls.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
            tls.startHandshake();
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            plain.close();
            throw new IOException("cannot set up TLS", e);
        }
    }

    private void readLoop() {
        List<Long> toAck = new ArrayList<>();
        // Frames of the current burst are shown to the test only after their ack is on the socket, so a
        // request the test sends once it has seen a message (a logout, say) always follows that ack.
        List<Frame> burst = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (awaitReading() && (line = in.readLine()) != null) {
                Frame frame;
                try {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    frame = CODEC.decode(bytes);
                    if (frame instanceof Response r) {
                        responseBytes.put(r.id(), bytes.length + 1);
                    }
                } catch (FrameDecodingException e) {
                    throw new IllegalStateException("server sent an undecodable line: " + line, e);
                }
                burst.add(frame);
                if (frame instanceof Event.MessageReceived m && autoAck) {
                    toAck.add(m.messageId());
                }
                // like a real client: one ack per burst of reads (here: whatever is already buffered)
                if (!in.ready() || toAck.size() == Limits.MAX_ACK_IDS || isPaused()) {
                    if (!toAck.isEmpty()) {
                        try {
                            ack(toAck);
                        } catch (IOException e) {
                            // the connection is going; the read loop sees its end
                        }
                        toAck.clear();
                    }
                    inbox.addAll(burst);
                    burst.clear();
                }
            }
        } catch (IOException e) {
            // reset by the server: the same as an end of stream for the tests
        } finally {
            inbox.addAll(burst);
            closedByServer = true;
            inbox.add(CLOSED);
        }
    }

    /** The size on the wire, newline included, of the response with this id (already received). */
    public int bytesOfResponse(long id) {
        Integer bytes = responseBytes.get(id);
        assertThat(bytes).as("response %d received", id).isNotNull();
        return bytes;
    }

    /** Stops taking lines off the socket (after the one being read), like a client that stops reading. */
    public void pauseReading() {
        synchronized (gate) {
            paused = true;
        }
    }

    private boolean isPaused() {
        synchronized (gate) {
            return paused;
        }
    }

    public void resumeReading() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    private boolean awaitReading() {
        synchronized (gate) {
            while (paused) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    public String localIp() {
        return socket.getLocalAddress().getHostAddress();
    }

    public void send(Request request) throws IOException {
        sendRaw(new String(CODEC.encode(request), StandardCharsets.UTF_8));
    }

    public void sendRaw(String line) throws IOException {
        sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Stops acknowledging received direct messages (by default this connection acks them as they come,
     * as a real client does), to play a client that has them but never says so.
     */
    public TestConnection withoutAcks() {
        autoAck = false;
        return this;
    }

    /** Acknowledges these message ids (no answer is expected: an accepted ack is not answered). */
    public void ack(List<Long> messageIds) throws IOException {
        send(new Request.Ack(nextId(), List.copyOf(messageIds)));
    }

    public synchronized void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends the request and returns the response with its id; events on the way are kept. */
    public Response request(Request request) throws IOException {
        send(request);
        return awaitResponse(request.id());
    }

    /** Like {@link #request}, expecting a response of this type. */
    public <R extends Response> R request(Request request, Class<R> type) throws IOException {
        Response r = request(request);
        assertThat(r).as("response to %s", request).isInstanceOf(type);
        return type.cast(r);
    }

    /** Expects an error response and returns it. */
    public Response.Error requestError(Request request) throws IOException {
        return request(request, Response.Error.class);
    }

    public Response awaitResponse(long id) {
        for (Iterator<Frame> it = kept.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f instanceof Response r && r.id() == id) {
                it.remove();
                return r;
            }
        }
        while (true) {
            Frame f = next("a response with id " + id);
            if (f instanceof Response r && r.id() == id) {
                return r;
            }
            kept.add(f);
        }
    }

    public <E extends Event> E awaitEvent(Class<E> type) {
        for (Iterator<Frame> it = kept.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (type.isInstance(f)) {
                it.remove();
                return type.cast(f);
            }
        }
        while (true) {
            Frame f = next("an event " + type.getSimpleName());
            if (type.isInstance(f)) {
                return type.cast(f);
            }
            kept.add(f);
        }
    }

    /** Waits until the server has closed the connection; everything before the end is kept. */
    public void awaitClosed() {
        while (true) {
            Frame f = poll();
            if (f == null) {
                throw new AssertionError("connection still open after " + WAIT + "; kept " + kept);
            }
            if (f == CLOSED) {
                inbox.add(CLOSED);
                return;
            }
            kept.add(f);
        }
    }

    public boolean isClosedByServer() {
        return closedByServer;
    }

    /**
     * A round trip: once this returns, every frame the server queued for this connection before
     * handling it has arrived (one core thread, one channel, in order). Resets the idle timer.
     */
    public void sync() throws IOException {
        request(new Request.ReportActivity(nextId()), Response.Ok.class);
    }

    /** Frames of this type received so far and not yet taken. */
    public <F extends Frame> List<F> keptOf(Class<F> type) {
        inbox.drainTo(kept);
        kept.remove(CLOSED);
        return kept.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void hello() throws IOException {
        request(new Request.Hello(nextId(), ProtocolVersion.CURRENT, "test"), Response.HelloOk.class);
    }

    /** Hello, username, password; returns the response to the password. */
    public Response login(String user, String password, int udpPort, int privatePort) throws IOException {
        hello();
        Response prompt = request(new Request.LoginUser(nextId(), user));
        if (!(prompt instanceof Response.LoginPrompt)) {
            return prompt;
        }
        return request(new Request.LoginPassword(nextId(), password, udpPort, privatePort));
    }

    public Response login(String user, String password) throws IOException {
        return login(user, password, 0, 0);
    }

    private Frame next(String what) {
        Frame f = poll();
        if (f == null) {
            throw new AssertionError("no " + what + " within " + WAIT + "; kept " + kept);
        }
        if (f == CLOSED) {
            inbox.add(CLOSED);
            throw new AssertionError("connection closed while waiting for " + what + "; kept " + kept);
        }
        return f;
    }

    private Frame poll() {
        try {
            return inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
