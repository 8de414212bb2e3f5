package org.parley.e2e.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.RunningParley;

/** Private chat end to end (SPEC 5): the packaged server and clients, direct links between the clients. */
class PrivateChatE2ETest {

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("yoda jedi", "hans solo", "leia rebel");

    private ClientProcess login(String user, String password) throws IOException {
        return parley.login(user, password);
    }

    /** yoda asks, hans answers {@code y}; both see the link open. */
    private static void openChat(ClientProcess yoda, ClientProcess hans) {
        yoda.type("startprivate hans").expect("Start private messaging with hans");
        hans.expect("yoda would like to private message, enter y or n: ").type("y");
        yoda.expect("hans accepts private messaging");
    }

    @Test
    void twoChatPrivatelyWhileBothMessageAThirdThenOneLogsOut() throws IOException {
        ClientProcess yoda = login("yoda", "jedi");
        ClientProcess hans = login("hans", "solo");
        ClientProcess leia = login("leia", "rebel");
        yoda.expect("hans logged in").expect("leia logged in");
        hans.expect("leia logged in");

        openChat(yoda, hans);
        yoda.type("private hans the force is strong with you");
        hans.expect("yoda(private): the force is strong with you");
        hans.type("private yoda never tell me the odds");
        yoda.expect("hans(private): never tell me the odds");

        yoda.type("message leia help me obi-wan");
        leia.expect("yoda: help me obi-wan");
        hans.type("message leia I know");
        leia.expect("hans: I know");
        leia.type("message yoda you're my only hope");
        yoda.expect("leia: you're my only hope");
        leia.type("message hans I love you");
        hans.expect("leia: I love you");

        // the private link still carries messages after the server traffic, in both directions
        hans.type("private yoda still here");
        yoda.expect("hans(private): still here");
        yoda.type("private hans do or do not");
        hans.expect("yoda(private): do or do not");

        hans.type("logout").expect("Bye, hans!");
        assertThat(hans.awaitExit()).isZero();
        yoda.expect("hans logged out, private chat concluding");
        leia.expect("hans logged out");
        yoda.type("private hans are you there").expect("Error. Private messaging to hans not enabled");

        // private text never went through the server, so the third user saw none of it
        assertThat(leia.out().entries()).noneMatch(line -> line.contains("(private)")
                || line.contains("the force is strong with you") || line.contains("never tell me the odds"));
        assertThat(parley.server().out().entries()).noneMatch(line -> line.contains("the force is strong with you"));
    }

    @Test
    void refusalsAndADeclineLeaveNoChatAndEitherSideCanStopOne() throws IOException {
        ClientProcess yoda = login("yoda", "jedi");
        ClientProcess hans = login("hans", "solo");
        yoda.expect("hans logged in");

        yoda.type("startprivate yoda").expect("Error. Cannot start private messaging with self");
        yoda.type("startprivate leia").expect("Error. leia is offline");
        yoda.type("startprivate palpatine").expect("Error. Invalid user");
        yoda.type("private hans hello").expect("Error. Private messaging to hans not enabled");
        yoda.type("stopprivate hans").expect("Error. No private messaging with hans");
        hans.type("block yoda").expect("yoda is blocked");
        yoda.type("startprivate hans").expect("Error. Cannot start private messaging as hans has blocked you");
        hans.type("unblock yoda").expect("yoda is unblocked");
        // a server round trip of hans's comes after any question the server could have sent it
        hans.type("whoelse").expect("yoda");
        assertThat(hans.out().entries()).noneMatch(line -> line.contains("would like to private message"));

        yoda.type("startprivate hans").expect("Start private messaging with hans");
        hans.expect("yoda would like to private message, enter y or n: ").type("n");
        yoda.expect("hans declines private messaging");
        yoda.type("private hans hello").expect("Error. Private messaging to hans not enabled");
        hans.type("private yoda hello").expect("Error. Private messaging to yoda not enabled");

        openChat(yoda, hans);
        yoda.type("stopprivate hans").expect("Private messaging with hans stopped");
        hans.expect("Private messaging with yoda stopped");
        yoda.type("private hans hello").expect("Error. Private messaging to hans not enabled");
        hans.type("private yoda hello").expect("Error. Private messaging to yoda not enabled");
        yoda.type("stopprivate hans").expect("Error. No private messaging with hans");

        openChat(yoda, hans);
        hans.type("stopprivate yoda").expect("Private messaging with yoda stopped");
        yoda.expect("Private messaging with hans stopped");
        hans.type("private yoda hello").expect("Error. Private messaging to yoda not enabled");
        yoda.type("private hans hello").expect("Error. Private messaging to hans not enabled");
        hans.type("stopprivate yoda").expect("Error. No private messaging with yoda");
    }

    @Test
    void aBlockDoesNotStopAnOpenChatButACrashedPeerIsReportedAsNoLongerReachable() throws IOException {
        ClientProcess yoda = login("yoda", "jedi");
        ClientProcess hans = login("hans", "solo");
        yoda.expect("hans logged in");

        openChat(yoda, hans);
        hans.type("block yoda").expect("yoda is blocked");
        yoda.type("private hans you cannot hide");
        hans.expect("yoda(private): you cannot hide");
        // unblocked again, so that yoda is told of hans's logout below
        hans.type("unblock yoda").expect("yoda is unblocked");
        hans.type("private yoda about to crash");
        yoda.expect("hans(private): about to crash");
        hans.kill();

        // the dropped link is reported at once, and again by the next private message (then the chat is gone)
        yoda.expect("Error. hans is no longer reachable, private chat closed");
        yoda.type("private hans come back").expect("Error. hans is no longer reachable, private chat closed");
        yoda.type("private hans come back").expect("Error. Private messaging to hans not enabled");
        // the server took the crash as a logout (that notice may come before or after the link's), and yoda carries on
        // (one line: the concluding form when the notice came while the link still looked open)
        await().atMost(ClientProcess.WAIT).until(() -> yoda.out().entries().contains("hans logged out")
                || yoda.out().entries().contains("hans logged out, private chat concluding"));
        yoda.type("whoelse").expect("no other active user");
    }
}
