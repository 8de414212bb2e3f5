package org.parley.e2e.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.RunningParley;

/** The messenger samples (SPEC 3.1, 3.2, 3.4): live and offline direct messages, a broadcast past a block, unblock. */
class MessengerE2ETest {

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("yoda jedi", "hans solo", "leia rebel");

    private ClientProcess login(String user, String password) throws IOException {
        return parley.login(user, password);
    }

    @Test
    void directOfflineBlockedBroadcastAndUnblock() throws IOException {
        ClientProcess yoda = login("yoda", "jedi");
        ClientProcess hans = login("hans", "solo");
        yoda.expect("hans logged in");

        yoda.type("message hans hello");
        hans.expect("yoda: hello");

        yoda.type("message leia do or do not, there is no try")
                .expect("leia is offline, your message will be delivered when they log in");
        ClientProcess leia = login("leia", "rebel");
        leia.awaitLine(l -> l.startsWith("yoda: do or do not, there is no try"), "the stored message", ClientProcess.WAIT);
        yoda.expect("leia logged in");

        hans.type("block yoda").expect("yoda is blocked");
        yoda.type("message hans are you there")
                .expect("Your message could not be delivered as the recipient has blocked you");
        yoda.type("broadcast may the force be with you");
        assertThat(yoda.awaitLine(l -> l.startsWith("Broadcast message, #"), "the broadcast confirmation", ClientProcess.WAIT))
                .matches("Broadcast message, #1 broadcast at \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.");
        yoda.expect("Your message could not be delivered to some recipients");
        leia.expect("yoda: may the force be with you");

        hans.type("unblock yoda").expect("yoda is unblocked");
        hans.type("unblock yoda").expect("Error. yoda was not blocked");
        yoda.type("message hans welcome back");
        hans.expect("yoda: welcome back");
        // hans saw nothing yoda sent while blocked
        assertThat(hans.out().entries()).doesNotContain("yoda: are you there", "yoda: may the force be with you");
    }
}
