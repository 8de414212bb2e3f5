package org.parley.client.link;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.LinkFrame;
import org.parley.tls.Certificates;
import org.parley.tls.Fingerprint;
import org.parley.tls.PinnedTrustManager;
import org.parley.tls.TlsContexts;
import org.parley.tls.TlsIdentity;

/**
 * A hand-driven TCP peer on loopback, for what a well-behaved client would never send: in clear, or over
 * TLS with a certificate of the test's choosing (or none).
 */
final class RawPeer implements AutoCloseable {

    private static final FrameCodec<LinkFrame> CODEC = FrameCodec.linkFrames();

    private final Socket socket;
    private final BufferedReader reader;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
    }

    static RawPeer connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** {@code receiveBuffer} 0 keeps the system default. */
    static RawPeer connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawPeer(socket);
    }

    static RawPeer wrap(Socket accepted) throws IOException {
        return new RawPeer(accepted);
    }

    /**
     * TLS to a private-chat port, trusting only {@code listener}'s certificate and presenting
     * {@code identity}'s (none when null). With TLS 1.3 a client learns that the server refused its
     * certificate only when it next reads, so a refusal shows up in {@link #awaitClosedByOtherSide}.
     */
    static RawPeer connectTls(int port, TlsIdentity identity, Fingerprint listener) throws IOException {
        return connectTls(port, identity, listener, 0);
    }

    static RawPeer connectTls(int port, TlsIdentity identity, Fingerprint listener, int receiveBuffer)
            throws IOException {
        RawPeer plain = connect(port, receiveBuffer);
        SslContext context = identity == null
                ? TlsContexts.client(PinnedTrustManager.of(listener))
                : TlsContexts.mutualClient(identity, PinnedTrustManager.of(listener));
        SSLSocket tls = (SSLSocket) ((JdkSslContext) context).context().getSocketFactory()
                .createSocket(plain.socket, "127.0.0.1", port, true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        return new RawPeer(tls);
    }

    /** The server side of TLS on an accepted socket, proving itself with {@code identity}. */
    static RawPeer acceptTls(Socket accepted, TlsIdentity identity) throws IOException {
        SslContext context = TlsContexts.server(identity);
        SSLSocket tls = (SSLSocket) ((JdkSslContext) context).context().getSocketFactory()
                .createSocket(accepted, null, accepted.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        return new RawPeer(tls);
    }

    /** A key and certificate of a peer's own, as every client makes at start. */
    static TlsIdentity newIdentity() {
        return Certificates.selfSigned("stranger", Duration.ofDays(1));
    }

    static String json(LinkFrame frame) {
        return new String(CODEC.encode(frame), UTF_8);
    }

    void send(LinkFrame frame) throws IOException {
        sendLine(json(frame));
    }

    void sendLine(String line) throws IOException {
        sendBytes((line + "\n").getBytes(UTF_8));
    }

    void sendBytes(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    LinkFrame receive() throws Exception {
        String line = reader.readLine();
        if (line == null) {
            throw new IOException("closed by the other side");
        }
        return CODEC.decode(line.getBytes(UTF_8));
    }

    /**
     * For a peer speaking in clear to a TLS port: reads until the other side closes and returns what
     * arrived. The TLS layer may answer a connection that is not TLS with one alert record as it closes it
     * (7 bytes, content type 21); that is all a stranger may ever get.
     */
    byte[] awaitClosedInClear() throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (IOException reset) {
            // a reset is a close
        }
        return got.toByteArray();
    }

    /**
     * Over TLS: true when the other side refused the handshake with an alert (as it does for a certificate
     * it does not trust), false when it closed a completed TLS session without sending anything.
     */
    boolean refusedByTlsAlert() throws IOException {
        try {
            int n = socket.getInputStream().read();
            if (n >= 0) {
                throw new AssertionError("the other side sent data");
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (javax.net.ssl.SSLException alert) {
            return true;
        }
    }

    /** Nothing at all, or exactly one TLS alert record. */
    static boolean isNothingOrOneTlsAlert(byte[] got) {
        return got.length == 0 || (got.length == 7 && got[0] == 0x15 && got[1] == 0x03 && got[3] == 0 && got[4] == 2);
    }

    /**
     * Reads until the other side closes and returns how many bytes arrived first. A reset counts as a
     * close; a read timeout fails the test, since it means the other side kept the connection open.
     */
    int awaitClosedByOtherSide() throws IOException {
        int total = 0;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            // Bytes already pulled into the reader count too.
            while (reader.ready() && reader.read() >= 0) {
                total++;
            }
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (IOException resetOrTlsAlert) {
            // a reset, or (over TLS) the alert by which the other side refused our certificate
            return total;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
