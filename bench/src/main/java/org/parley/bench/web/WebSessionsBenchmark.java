package org.parley.bench.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.bench.support.ServerProcess;

/**
 * Logs in n idle sessions of one kind (TCP lines on the chat port, or WebSockets on the web port) on a
 * fresh server and reports the server's growth per session: resident memory, live heap after a full
 * collection, and CPU (login included, a registration each). Every session reads and drops what it is
 * sent (presence notices), so no kind is slowed by a full socket. One thread drives the logins.
 */
public final class WebSessionsBenchmark {

    public enum Kind { TCP, WEBSOCKET }

    public record Result(double rssKiBPerSession, double heapKiBPerSession, double cpuMillisPerSession) {}

    private final Kind kind;
    private final int sessions;
    private final List<String> serverJvm;

    WebSessionsBenchmark(Kind kind, int sessions, List<String> serverJvm) {
        this.kind = kind;
        this.sessions = sessions;
        this.serverJvm = serverJvm;
    }

    Result run(Path dir) throws Exception {
        int webPort;
        try (ServerSocket free = new ServerSocket(0)) {
            webPort = free.getLocalPort();
        }
        List<AutoCloseable> open = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(dir, "testing", serverJvm, webPort)) {
            HttpClient http = HttpClient.newHttpClient();
            // Warm up both paths (class loading, JIT) before the baseline.
            for (int i = 0; i < 20; i++) {
                open.add(login("warm" + i, server.port(), webPort, http));
            }
            long heap0 = server.liveHeapKiB();
            long rss0 = server.residentKiB();
            double cpu0 = server.cpuSeconds();
            for (int i = 0; i < sessions; i++) {
                open.add(login("s" + i, server.port(), webPort, http));
            }
            double cpu1 = server.cpuSeconds();
            long heap1 = server.liveHeapKiB();
            long rss1 = server.residentKiB();
            return new Result((rss1 - rss0) / (double) sessions, (heap1 - heap0) / (double) sessions,
                    (cpu1 - cpu0) * 1000 / sessions);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    private AutoCloseable login(String user, int chatPort, int webPort, HttpClient http) throws Exception {
        Session s = kind == Kind.TCP ? TcpSession.open(chatPort) : WsSession.open(http, webPort);
        s.send("{\"type\":\"hello\",\"id\":1,\"version\":1,\"agent\":\"bench\"}");
        s.awaitId(1);
        s.send("{\"type\":\"login-user\",\"id\":2,\"username\":\"" + kind.name().charAt(0) + user + "\"}");
        s.awaitId(2);
        s.send("{\"type\":\"login-password\",\"id\":3,\"password\":\"pw" + user + "\",\"udpPort\":0,\"privatePort\":0}");
        String done = s.awaitId(3);
        if (!done.contains("logged-in")) {
            throw new IllegalStateException("login refused: " + done);
        }
        return s;
    }

    private interface Session extends AutoCloseable {
        void send(String frame) throws IOException;

        LinkedBlockingQueue<String> inbox();

        /** The response with this id; anything before it (events) is dropped. */
        default String awaitId(int id) throws InterruptedException {
            String tag = "\"id\":" + id + ",";
            String tagEnd = "\"id\":" + id + "}";
            for (;;) {
                String f = inbox().poll(30, TimeUnit.SECONDS);
                if (f == null) {
                    throw new IllegalStateException("no response " + id + " in 30 s");
                }
                if (f.contains(tag) || f.contains(tagEnd)) {
                    return f;
                }
            }
        }
    }

    /** A line session on the chat port; a daemon thread reads, keeps frames only during the login. */
    private static final class TcpSession implements Session {
        private final Socket socket;
        private final OutputStream out;
        private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        private volatile boolean loggingIn = true;

        private TcpSession(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            Thread reader = new Thread(this::read, "tcp-session-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static TcpSession open(int port) throws IOException {
            return new TcpSession(new Socket("127.0.0.1", port));
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (loggingIn) {
                        inbox.add(line);
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }

        @Override
        public void send(String frame) throws IOException {
            out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public LinkedBlockingQueue<String> inbox() {
            return inbox;
        }

        @Override
        public String awaitId(int id) throws InterruptedException {
            String r = Session.super.awaitId(id);
            loggingIn = id < 3;
            return r;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A WebSocket session on the web port (the JDK's client), same handling as {@link TcpSession}. */
    private static final class WsSession implements Session, WebSocket.Listener {
        private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean loggingIn = true;
        private WebSocket socket;

        static WsSession open(HttpClient http, int port) {
            WsSession s = new WsSession();
            s.socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), s).join();
            return s;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (loggingIn) {
                    inbox.add(partial.toString());
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void send(String frame) {
            socket.sendText(frame, true).join();
        }

        @Override
        public LinkedBlockingQueue<String> inbox() {
            return inbox;
        }

        @Override
        public String awaitId(int id) throws InterruptedException {
            String r = Session.super.awaitId(id);
            loggingIn = id < 3;
            return r;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
