package org.parley.e2e.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientLauncher;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/**
 * Issue 12: the packaged client outlives its server. Killed (SIGKILL) and started again on the same
 * port, the server gets every client back by itself, logged in again, with the direct message sent
 * while it was away delivered once; stopped cleanly (SIGTERM), it says so first. Private chats, which
 * never go through the server, keep working throughout.
 */
class ReconnectE2ETest {

    private static final String MISSED = "sent while you were away";

    @TempDir
    Path dir;
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<ClientProcess> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(ClientProcess::close);
        servers.forEach(ServerProcess::close);
    }

    private ServerProcess server(int port) throws IOException {
        ServerProcess server = ServerProcess.start(dir, Integer.toString(port));
        servers.add(server);
        return server;
    }

    private ClientProcess login(int port, String user, String password) throws IOException {
        ClientProcess client = ClientProcess.login(dir, port, user, password);
        clients.add(client);
        return client;
    }

    static String reconnected(String user, int port) {
        return "Reconnected as " + user + " (server 127.0.0.1:" + port + ")";
    }

    private static void awaitReconnecting(ClientProcess client, String reason) {
        client.awaitLine(l -> l.startsWith(reason + "; reconnecting in "), "'" + reason + "; reconnecting in ...'",
                ClientProcess.WAIT);
    }

    @Test
    void clientsSurviveAKillAndACleanStopOfTheServerAndKeepTheirPrivateChat() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi", "luke force");
        ServerProcess first = server(0);
        int port = first.port();
        ClientProcess yoda = login(port, "yoda", "jedi");
        ClientProcess luke = login(port, "luke", "force");
        yoda.type("startprivate luke").expect("Start private messaging with luke");
        luke.expect("yoda would like to private message, enter y or n: ").type("y");
        yoda.expect("luke accepts private messaging");

        // yoda holds still, so the message below is sent while it is away, whatever the timing
        ClientLauncher.signal(yoda.handle(), "STOP");
        first.kill();
        awaitReconnecting(luke, "Connection to the server lost");
        luke.type("private yoda the server is down");
        luke.type("message yoda " + MISSED).expect("Error. Not connected to the server; reconnecting...");

        server(port);
        luke.expect(reconnected("luke", port));
        luke.type("message yoda " + MISSED).expect("yoda is offline, your message will be delivered when they log in");
        ClientLauncher.signal(yoda.handle(), "CONT");
        awaitReconnecting(yoda, "Connection to the server lost");
        yoda.expect(reconnected("yoda", port));
        yoda.awaitLine(l -> l.startsWith("luke: " + MISSED), "the direct message sent while it was away",
                ClientProcess.WAIT);
        assertThat(yoda.out().entries()).contains("luke(private): the server is down");
        // a round trip after the re-delivery: anything sent twice would be in by now
        yoda.type("whoelse").expect("luke");
        assertThat(yoda.out().entries()).filteredOn(l -> l.contains(MISSED)).hasSize(1);

        // a clean stop is announced, not taken for a crash
        servers.get(1).close();
        awaitReconnecting(yoda, "The server is shutting down");
        awaitReconnecting(luke, "The server is shutting down");
        yoda.type("private luke still linked");
        luke.expect("yoda(private): still linked");

        server(port);
        yoda.expect(reconnected("yoda", port));
        luke.expect(reconnected("luke", port));
        luke.type("private yoda and back");
        yoda.expect("luke(private): and back");
        yoda.type("logout").expect("Bye, yoda!");
        assertThat(yoda.awaitExit()).isZero();
        assertThat(yoda.out().entries()).noneMatch(l -> l.contains("Error. Connection to the server lost"));
    }

    @Test
    void withoutReconnectingALostServerEndsTheClientWithStatusOne() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        ServerProcess only = server(0);
        ClientProcess yoda = ClientProcess.start(dir, "yoda", only.port(), "--no-reconnect");
        clients.add(yoda);
        yoda.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                .expect("Welcome to Parley, yoda!");
        only.close();
        yoda.expect("The server is shutting down");
        assertThat(yoda.awaitExit()).isEqualTo(1);
    }

    @Test
    void aClientThatCannotReconnectInTheTimeGivenExitsWithStatusOneAndSaysWhy() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        ServerProcess only = server(0);
        ClientProcess yoda = ClientProcess.start(dir, "yoda", only.port(), "--reconnect-for", "2s");
        clients.add(yoda);
        yoda.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                .expect("Welcome to Parley, yoda!");
        only.kill();
        awaitReconnecting(yoda, "Connection to the server lost");
        yoda.awaitLine(l -> l.startsWith("Error. Could not reconnect to the server within 2 s ("), "the giving-up line",
                ClientProcess.WAIT);
        assertThat(yoda.awaitExit()).isEqualTo(1);
    }
}
