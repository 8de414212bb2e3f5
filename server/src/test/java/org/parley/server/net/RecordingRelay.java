package org.parley.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP relay that records every byte between one client and the server, both ways: what someone on
 * the network path would see. Blocking sockets, one thread per direction.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

    RecordingRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::relay, "recording-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Everything seen so far, both directions, as ISO-8859-1 so that every byte maps to one char. */
    String recorded() {
        synchronized (recorded) {
            return recorded.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void relay() {
        try (Socket client = listener.accept(); Socket server = new Socket()) {
            server.connect(target, 5000);
            Thread up = pump(client.getInputStream(), server.getOutputStream());
            Thread down = pump(server.getInputStream(), client.getOutputStream());
            up.join();
            down.join();
        } catch (IOException | InterruptedException e) {
            // the test closed the relay
        }
    }

    private Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (recorded) {
                        recorded.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                out.close();
            } catch (IOException e) {
                // one side closed
            }
        }, "recording-relay-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
