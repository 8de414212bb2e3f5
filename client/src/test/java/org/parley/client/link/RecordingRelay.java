package org.parley.client.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback that forwards every connection to one target and records every byte it
 * carries, both ways: what someone on the path between two peers would see. Test only; threads are
 * daemons and stop when either side closes or {@link #close} is called.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordingRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "relay-accept");
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Everything carried so far, in both directions. */
    byte[] recorded() {
        synchronized (recorded) {
            return recorded.toByteArray();
        }
    }

    private void acceptLoop() {
        try {
            while (!listener.isClosed()) {
                Socket from = listener.accept();
                Socket to = new Socket();
                to.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                sockets.add(from);
                sockets.add(to);
                daemon(() -> pump(from, to), "relay-forward");
                daemon(() -> pump(to, from), "relay-back");
            }
        } catch (IOException closed) {
            // the relay was closed
        }
    }

    private void pump(Socket in, Socket out) {
        byte[] buffer = new byte[8192];
        try (InputStream source = in.getInputStream(); OutputStream sink = out.getOutputStream()) {
            for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
                synchronized (recorded) {
                    recorded.write(buffer, 0, n);
                }
                sink.write(buffer, 0, n);
                sink.flush();
            }
        } catch (IOException closed) {
            // one side went away: the other is closed below
        } finally {
            closeQuietly(in);
            closeQuietly(out);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(RecordingRelay::closeQuietly);
    }
}
