package org.parley.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
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

    public FakeServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
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
