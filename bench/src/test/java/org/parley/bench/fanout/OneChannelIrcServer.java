package org.parley.bench.fanout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least of an IRC server that {@link IrcFanout} needs, for tests: registration (001 after USER), JOIN of
 * one channel (366), and PRIVMSG to that channel relayed to every other member. A thread per connection.
 */
public final class OneChannelIrcServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Map<Socket, String> members = new ConcurrentHashMap<>();

    public OneChannelIrcServer() throws IOException {
        listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-irc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s), "fake-irc");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void serve(Socket s) {
        String nick = "*";
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.split(" ", 3);
                switch (words[0]) {
                    case "NICK" -> nick = words[1];
                    case "USER" -> send(s, ":irc.test 001 " + nick + " :Welcome");
                    case "JOIN" -> {
                        members.put(s, nick);
                        send(s, ":irc.test 366 " + nick + " " + words[1] + " :End of /NAMES list.");
                    }
                    case "PRIVMSG" -> {
                        String relayed = ":" + nick + "!" + nick + "@localhost " + line;
                        for (Socket other : members.keySet()) {
                            if (other != s) {
                                send(other, relayed);
                            }
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException gone) {
            // the user left
        } finally {
            members.remove(s);
        }
    }

    private static void send(Socket to, String line) {
        try {
            OutputStream out = to.getOutputStream();
            synchronized (to) {
                out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // closed meanwhile
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : members.keySet()) {
            s.close();
        }
    }
}
