package org.parley.bench.transfer.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.parley.transfer.IncomingTransfer;
import org.parley.transfer.TransferConfig;
import org.parley.transfer.TransferEndpoint;
import org.parley.transfer.TransferListener;
import org.parley.transfer.seal.TransferKey;

/**
 * The far end of a {@link BottleneckLink}, run as its own JVM inside the namespace (a process cannot bind a
 * socket in another namespace). It binds an upload endpoint and a TCP sink to the given address, prints
 * {@code ready <udp port> <tcp port>}, then takes one command per line on standard input:
 * {@code expect <id> <token> <presenter> <name> <size> <sha256> <key> <download dir>}, answered by
 * {@code done <id>} or {@code failed <id> <reason>} when that upload ends. The TCP sink reads each connection
 * to its end and answers with the byte count (8 bytes). It exits when its standard input closes.
 *
 * <p>Threads: main reads commands; the endpoint's threads answer uploads; one thread per TCP connection.
 * Standard output is shared, so every line is printed whole under the stream's lock.
 */
public final class NamespacePeer {
    private NamespacePeer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        InetAddress address = InetAddress.getByName(args[0]);
        try (TransferEndpoint endpoint = TransferEndpoint.bind(new InetSocketAddress(address, 0),
                TransferConfig.defaults());
             ServerSocketChannel sink = ServerSocketChannel.open()) {
            sink.bind(new InetSocketAddress(address, 0));
            Thread acceptor = new Thread(() -> acceptLoop(sink), "tcp-sink");
            acceptor.setDaemon(true);
            acceptor.start();
            out.println("ready " + endpoint.port() + " " + ((InetSocketAddress) sink.getLocalAddress()).getPort());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                if (f.length != 9 || !f[0].equals("expect")) {
                    out.println("error unknown command: " + line);
                    out.flush();
                    continue;
                }
                long id = Long.parseLong(f[1]);
                endpoint.expect(new IncomingTransfer(id, f[2], f[3], f[4], Long.parseLong(f[5]), f[6],
                        TransferKey.fromBase64(f[7])), Path.of(f[8]), new TransferListener() {
                            @Override
                            public void completed(Path savedAs) {
                                println(out, "done " + id + " " + savedAs);
                            }

                            @Override
                            public void failed(String reason) {
                                println(out, "failed " + id + " " + reason);
                            }
                        });
            }
        }
    }

    private static void println(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void acceptLoop(ServerSocketChannel sink) {
        while (sink.isOpen()) {
            try {
                SocketChannel connection = sink.accept();
                Thread reader = new Thread(() -> drain(connection), "tcp-sink-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (sink.isOpen()) {
                    System.err.println("tcp sink: " + e);
                }
                return;
            }
        }
    }

    private static void drain(SocketChannel connection) {
        try (connection) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            long total = 0;
            for (int n = connection.read(buffer); n >= 0; n = connection.read(buffer)) {
                total += n;
                buffer.clear();
            }
            connection.write(ByteBuffer.allocate(8).putLong(0, total));
        } catch (IOException e) {
            System.err.println("tcp sink connection: " + e);
        }
    }
}
