package org.parley.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ClusterNodes;
import org.parley.e2e.harness.ServerProcess;

/**
 * Issue 15, the client's part: a terminal client told of all three nodes (each with its own key, so one
 * {@code --server-fingerprint} per node) logs in on one of them; when that node is SIGKILLed it logs in
 * on another by itself, names it, and carries on with a user on a third node: direct messages both
 * ways and presence, as before the kill.
 */
class ClusterFailoverE2ETest {

    /** A killed node's sessions are released once it has missed a beat with its life line gone (2-4 s), or its
     * lease has run out (~12 s): the reconnect may wait for that. */
    private static final Duration FAILOVER = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private ClusterNodes cluster;
    private final List<ClientProcess> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.forEach(ClientProcess::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClientOfAKilledNodeLogsInOnAnotherAndCarriesOn() throws Exception {
        cluster = ClusterNodes.create(dir, "yoda jedi", "hans solo");
        List<ServerProcess> nodes = List.of(cluster.start("n1"), cluster.start("n2"), cluster.start("n3"));
        List<String> args = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (ServerProcess node : nodes) {
            args.addAll(List.of("--server-fingerprint", node.fingerprint()));
            servers.add("127.0.0.1:" + node.port());
        }
        args.addAll(List.of("--server", String.join(",", servers)));
        ClientProcess yoda = ClientProcess.startWith(dir, "yoda", args);
        clients.add(yoda);
        yoda.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                .expect("Welcome to Parley, yoda!");

        // the client started at a random node: find it by the node's own line for the login
        await().atMost(ClientProcess.WAIT).until(() -> nodes.stream().anyMatch(n -> loggedInThere(n, "yoda")));
        ServerProcess home = nodes.stream().filter(n -> loggedInThere(n, "yoda")).findFirst().orElseThrow();
        ServerProcess other = nodes.get((nodes.indexOf(home) + 2) % nodes.size());
        ClientProcess hans = ClientProcess.login(dir, other.port(), "hans", "solo");
        clients.add(hans);
        yoda.expect("hans logged in");

        home.kill();
        String back = yoda.awaitLine(l -> l.startsWith("Reconnected as yoda (server 127.0.0.1:"), "the reconnect",
                FAILOVER);
        assertThat(back).doesNotContain(":" + home.port() + ")");

        yoda.type("message hans from another node");
        hans.awaitLine(l -> l.startsWith("yoda: from another node"), "yoda's message after the failover",
                ClientProcess.WAIT);
        hans.type("message yoda got it");
        yoda.awaitLine(l -> l.startsWith("hans: got it"), "hans's answer", ClientProcess.WAIT);
        yoda.type("whoelse").expect("hans");
        yoda.type("logout").expect("Bye, yoda!");
        assertThat(yoda.awaitExit()).isZero();
    }

    private static boolean loggedInThere(ServerProcess node, String user) {
        return node.out().entries().stream().anyMatch(l -> l.contains(user) && l.contains("logged in from"));
    }
}
