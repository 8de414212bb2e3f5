package org.parley.client.link;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.LinkFrame;

/** A hand-driven TCP peer on loopback, for what a well-behaved client would never send. */
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
        } catch (SocketException reset) {
            return total;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
