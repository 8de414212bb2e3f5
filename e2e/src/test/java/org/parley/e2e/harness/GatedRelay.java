package org.parley.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay in front of a server that accepts connections at once but passes no byte either way until
 * {@link #open()}: a server that is slow to answer (a far or loaded one), as a client sees it. Each accepted
 * connection is relayed on two threads of its own.
 */
public final class GatedRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final CountDownLatch gate = new CountDownLatch(1);

    private GatedRelay(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        Thread acceptor = new Thread(this::accept, "gated-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static GatedRelay to(int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new GatedRelay(new ServerSocket(0, 16, loopback), new InetSocketAddress(loopback, port));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on bytes flow, those that waited first. */
    public void open() {
        gate.countDown();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Thread relay = new Thread(() -> relay(client), "gated-relay");
                relay.setDaemon(true);
                relay.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket()) {
            gate.await();
            server.connect(target, 5_000);
            Thread back = new Thread(() -> pipe(server, client), "gated-relay-back");
            back.setDaemon(true);
            back.start();
            pipe(client, server);
            back.join();
        } catch (IOException e) {
            // one side went away: the other is closed with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16_384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // the connection ended
        }
    }

    @Override
    public void close() throws IOException {
        open();
        listener.close();
    }
}
