package org.parley.bench.transfer.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.parley.transfer.IncomingTransfer;

/**
 * This side's handle on a {@link NamespacePeer} running inside a {@link BottleneckLink}'s namespace: starts
 * the JVM (same Java, same class path), tells it which uploads to expect and completes a future per upload
 * with the saved path or the reason it failed. Its standard error goes to ours, so a failure there is seen.
 *
 * <p>Threads: one reader thread owns the peer's standard output; callers' {@link #expect} writes commands
 * under this object's lock.
 */
public final class FarPeer implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final InetSocketAddress udp;
    private final InetSocketAddress tcp;
    private final Map<Long, CompletableFuture<Path>> uploads = new ConcurrentHashMap<>();

    private FarPeer(Process process, InetSocketAddress udp, InetSocketAddress tcp, BufferedReader lines) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.udp = udp;
        this.tcp = tcp;
        Thread reader = new Thread(() -> readAnswers(lines), "far-peer-answers");
        reader.setDaemon(true);
        reader.start();
    }

    public static FarPeer start(BottleneckLink link) throws IOException {
        List<String> command = new ArrayList<>(link.inNamespacePrefix());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NamespacePeer.class.getName(),
                link.farAddress().getHostAddress()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String ready = lines.readLine();
        // Logging may print its own start-up lines first: they are passed on, not taken for the answer.
        while (ready != null && !ready.startsWith("ready ")) {
            System.err.println("peer in the namespace: " + ready);
            ready = lines.readLine();
        }
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException("the peer in the namespace did not start: " + ready);
        }
        String[] f = ready.split(" ");
        return new FarPeer(process, new InetSocketAddress(link.farAddress(), Integer.parseInt(f[1])),
                new InetSocketAddress(link.farAddress(), Integer.parseInt(f[2])), lines);
    }

    /** Where uploads go. */
    public InetSocketAddress udp() {
        return udp;
    }

    /** The TCP sink: reads a connection to its end, answers with the byte count as 8 bytes. */
    public InetSocketAddress tcp() {
        return tcp;
    }

    /** Tells the peer to expect this upload; the future ends with the saved file or the peer's reason. */
    public synchronized CompletableFuture<Path> expect(IncomingTransfer t, Path downloadDir) throws IOException {
        CompletableFuture<Path> saved = new CompletableFuture<>();
        uploads.put(t.transferId(), saved);
        commands.write(String.join(" ", "expect", Long.toString(t.transferId()), t.token(), t.presenter(),
                t.fileName(), Long.toString(t.size()), t.sha256Hex(), t.key().toBase64(), downloadDir.toString())
                + "\n");
        commands.flush();
        return saved;
    }

    private void readAnswers(BufferedReader lines) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] f = line.split(" ", 3);
                CompletableFuture<Path> saved = f.length == 3 ? uploads.remove(Long.parseLong(f[1])) : null;
                if (saved == null) {
                    System.err.println("peer in the namespace: " + line);
                } else if (f[0].equals("done")) {
                    saved.complete(Path.of(f[2]));
                } else {
                    saved.completeExceptionally(new IOException("the receiver failed: " + f[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("reading the peer in the namespace: " + e);
        }
        uploads.values().forEach(f -> f.completeExceptionally(new IOException("the peer in the namespace exited")));
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
