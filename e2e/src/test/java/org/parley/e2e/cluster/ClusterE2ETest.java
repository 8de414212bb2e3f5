package org.parley.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ClusterNodes;
import org.parley.e2e.harness.ServerProcess;

/**
 * Issue 15, what users see: three nodes as processes (one PostgreSQL schema, a Redis bus), a terminal
 * client on each, and every kind of command crossing nodes as on one server: presence, live and
 * offline direct messages, broadcasts, rooms and their history, blocks, one login per user, private
 * chat consent; then the bus restarted under them.
 */
class ClusterE2ETest {

    @TempDir
    Path dir;
    private ClusterNodes cluster;
    private final List<ClientProcess> clients = new ArrayList<>();

    @BeforeEach
    void threeNodes() throws Exception {
        cluster = ClusterNodes.create(dir, "yoda jedi", "hans solo", "luke force", "leia rebel");
        cluster.start("n1");
        cluster.start("n2");
        cluster.start("n3");
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(ClientProcess::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private ClientProcess login(String node, String user, String password) throws Exception {
        ClientProcess client = ClientProcess.login(dir, cluster.node(node).port(), user, password);
        clients.add(client);
        return client;
    }

    @Test
    void everyCommandWorksAcrossNodesAsOnOneServer() throws Exception {
        ClientProcess yoda = login("n1", "yoda", "jedi");
        ClientProcess hans = login("n2", "hans", "solo");
        yoda.expect("hans logged in");
        ClientProcess luke = login("n3", "luke", "force");
        yoda.expect("luke logged in");
        hans.expect("luke logged in");

        yoda.type("whoelse");
        assertThat(yoda.nextLines(2)).containsExactlyInAnyOrder("hans", "luke");
        yoda.type("message hans hello from n1");
        hans.expect("yoda: hello from n1");
        yoda.type("message leia do or do not")
                .expect("leia is offline, your message will be delivered when they log in");

        // one login per user, whichever node is asked
        ClientProcess second = ClientProcess.start(dir, "yoda-again", cluster.node("n2").port());
        clients.add(second);
        second.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                .expect("yoda is already logged in");

        luke.type("broadcast from the third node");
        yoda.expect("luke: from the third node");
        hans.expect("luke: from the third node");

        yoda.type("SRB hans luke")
                .expect("Separate chat room has been created, room ID: 1, users in this room: yoda, hans, luke");
        hans.expect("You have been added to separate room 1 by yoda, users in this room: yoda, hans, luke");
        luke.expect("You have been added to separate room 1 by yoda, users in this room: yoda, hans, luke");
        hans.type("SRM 1 a room on three nodes");
        yoda.expect("[room 1] hans: a room on three nodes");
        luke.expect("[room 1] hans: a room on three nodes");
        luke.type("RDM s 1 Jan 2000 00:00:00").expect("room-1:");
        luke.awaitLine(l -> l.startsWith("#1; hans: a room on three nodes at "), "the room history from n3",
                ClientProcess.WAIT);

        hans.type("block yoda").expect("yoda is blocked");
        yoda.type("message hans are you there")
                .expect("Your message could not be delivered as the recipient has blocked you");
        hans.type("unblock yoda").expect("yoda is unblocked");

        // the offline message waits in the shared database for whichever node leia comes to
        ClientProcess leia = login("n2", "leia", "rebel");
        leia.awaitLine(l -> l.startsWith("yoda: do or do not"), "the stored message", ClientProcess.WAIT);

        // private chat consent crosses nodes; the link itself is direct
        yoda.type("startprivate luke").expect("Start private messaging with luke");
        luke.expect("yoda would like to private message, enter y or n: ").type("y");
        yoda.expect("luke accepts private messaging");
        yoda.type("private luke over the direct link");
        luke.expect("yoda(private): over the direct link");

        hans.type("logout").expect("Bye, hans!");
        yoda.expect("hans logged out");
        luke.expect("hans logged out");
        assertThat(yoda.out().entries()).noneMatch(l -> l.startsWith("Error."));
    }

    @Test
    void theNodesTalkAgainOnceTheBusIsBack() throws Exception {
        ClientProcess yoda = login("n1", "yoda", "jedi");
        ClientProcess hans = login("n2", "hans", "solo");
        yoda.expect("hans logged in");

        cluster.restartBus();
        // what is sent while a node is still reconnecting is read back from the database
        yoda.type("broadcast through a restarted bus");
        hans.awaitLine(l -> l.equals("yoda: through a restarted bus"), "the broadcast after the bus restart",
                ServerProcess.START_TIMEOUT);
        hans.type("message yoda and back");
        yoda.awaitLine(l -> l.startsWith("hans: and back"), "the direct message after the bus restart",
                ServerProcess.START_TIMEOUT);
        ClientProcess luke = login("n3", "luke", "force");
        yoda.expect("luke logged in");
        hans.expect("luke logged in");
        luke.type("whoelse");
        assertThat(luke.nextLines(2)).containsExactlyInAnyOrder("yoda", "hans");
    }
}
