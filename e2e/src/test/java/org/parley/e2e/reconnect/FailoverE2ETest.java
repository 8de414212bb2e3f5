package org.parley.e2e.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/**
 * Issue 15's client side: given several servers, the packaged client carries on when its server dies.
 * Two server processes that share nothing (each its own directory and database, the same accounts)
 * stand for two nodes; the clients, told of both, log in on the one that is up, and when it is killed
 * (SIGKILL) they log in on the other by themselves, say so naming it, and keep their private chat.
 * Each client trusts on first use (its own known-servers file), as a user of a new cluster would.
 */
class FailoverE2ETest {

    @TempDir
    Path dir;
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<ClientProcess> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(ClientProcess::close);
        servers.forEach(ServerProcess::close);
    }

    private ServerProcess node(String name, int port) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        ServerProcess.writeCredentials(home, "yoda jedi", "luke force");
        ServerProcess server = ServerProcess.start(home, Integer.toString(port));
        servers.add(server);
        return server;
    }

    private ClientProcess login(String user, String password, String serverList) throws IOException {
        ClientProcess client = ClientProcess.startWith(dir, user, List.of("--known-servers",
                dir.resolve(user + "_known_servers").toString(), "--server", serverList));
        clients.add(client);
        client.expect(ClientProcess.USERNAME).type(user).expect(ClientProcess.PASSWORD).type(password)
                .expect("Welcome to Parley, " + user + "!");
        return client;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void theClientsOfAKilledServerLogInOnTheNextOneAndKeepTheirPrivateChat() throws IOException {
        ServerProcess first = node("a", 0);
        int secondPort = freePort(); // the second node is not up yet: wherever a client starts, it lands on the first
        String list = "127.0.0.1:" + first.port() + ",127.0.0.1:" + secondPort;
        ClientProcess yoda = login("yoda", "jedi", list);
        ClientProcess luke = login("luke", "force", list);
        yoda.type("startprivate luke").expect("Start private messaging with luke");
        luke.expect("yoda would like to private message, enter y or n: ").type("y");
        yoda.expect("luke accepts private messaging");

        node("b", secondPort);
        first.kill();
        String onSecond = " (server 127.0.0.1:" + secondPort + ")";
        yoda.expect("Reconnected as yoda" + onSecond);
        luke.expect("Reconnected as luke" + onSecond);
        assertThat(yoda.out().entries()).anyMatch(l -> l.startsWith("First connection to 127.0.0.1:" + secondPort
                + ": its certificate SHA256:"));

        yoda.type("whoelse").expect("luke");
        yoda.type("message luke on the second node");
        luke.awaitLine(l -> l.startsWith("yoda: on the second node"), "the direct message through the second node",
                ClientProcess.WAIT);
        luke.type("private yoda still linked");
        yoda.expect("luke(private): still linked");
        yoda.type("logout").expect("Bye, yoda!");
        assertThat(yoda.awaitExit()).isZero();
        assertThat(yoda.out().entries()).noneMatch(l -> l.startsWith("Error."));
    }
}
