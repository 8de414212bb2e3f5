package org.parley.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.connection.ServerSecurity;
import org.parley.tls.Certificates;
import org.parley.tls.TlsIdentity;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * A scripted server for one client connection on loopback: the test reads the frames the client sent and
 * writes whatever frames it wants back, in any order, with blocking java.net sockets.
 */
public final class FakeServer implements AutoCloseable {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    private final ServerSocket listener;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private volatile Socket connection;
    private volatile OutputStream out;

    /** One self-signed identity for every fake server: making a key pair per test would only cost time. */
    private static final TlsIdentity IDENTITY = Certificates.selfSigned("fake-server", Duration.ofDays(1));

    /** Listens over TLS with {@link #IDENTITY}, as the real server does by default. */
    public FakeServer() throws IOException {
        listener = serverContext().getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** TLS trusting exactly the fake servers' certificate. */
    public static ServerSecurity security() {
        return ServerSecurity.pinned(IDENTITY.fingerprint());
    }

    /** A client connecting to this fake server (over TLS, pinned), on its own event loop. */
    public CompletableFuture<ParleyClient> connectClient() {
        return connectClient(null, ParleyClient.DEFAULT_REQUEST_TIMEOUT, new ReceivedMessages());
    }

    public CompletableFuture<ParleyClient> connectClient(EventLoopGroup group, Duration timeout, ReceivedMessages memory) {
        return connectClient(port(), group, timeout, memory);
    }

    public static CompletableFuture<ParleyClient> connectClient(int port, EventLoopGroup group, Duration timeout,
                                                              ReceivedMessages memory) {
        return ParleyClient.connect("127.0.0.1", port, group, timeout, memory, security());
    }

    private static SSLContext serverContext() throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] secret = "fake".toCharArray();
            keys.setKeyEntry("server", IDENTITY.privateKey(), secret,
                    IDENTITY.chain().toArray(java.security.cert.Certificate[]::new));
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up the fake server's TLS", e);
        }
    }

    /** The next frame the client sent, which must be of {@code type}. */
    public <T extends Frame> T expect(Class<T> type) throws InterruptedException {
        Frame frame = received.poll(10, TimeUnit.SECONDS);
        assertThat(frame).as("a frame from the client").isInstanceOf(type);
        return type.cast(frame);
    }

    /** Answers the client's hello, announcing {@code zone}. */
    public void acceptHello(String zone) throws InterruptedException {
        Request.Hello hello = expect(Request.Hello.class);
        assertThat(hello.version()).isEqualTo(ProtocolVersion.CURRENT);
        send(new Response.HelloOk(hello.id(), ProtocolVersion.CURRENT, "fake", zone));
    }

    public void send(Frame frame) {
        sendRaw(new String(CODEC.encode(frame), StandardCharsets.UTF_8));
    }

    /** One line exactly as given, newline added. */
    public synchronized void sendRaw(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the client's connection, as a crashed server would. */
    public void disconnect() throws IOException {
        connection.close();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket s = connection;
        if (s != null) {
            s.close();
        }
    }

    private void serve() {
        try {
            Socket socket = listener.accept();
            out = socket.getOutputStream();
            connection = socket;
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                byte[] json = line.getBytes(StandardCharsets.UTF_8);
                received.add(CODEC.decode(json));
            }
        } catch (Exception e) {
            // the test closed the socket, or the client sent something unreadable (the test then times out)
        }
    }
}
