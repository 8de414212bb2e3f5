package org.parley.e2e.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.RunningParley;
import org.parley.protocol.Timestamps;

/** The conferencing samples (SPEC 4, 7.2): BCM then RDM b, SRB then SRM then RDM s, a duplicate room, the logs. */
class ConferencingE2ETest {

    private static final Pattern BCM = Pattern.compile("Broadcast message, #1 broadcast at (.+)\\.");
    private static final Pattern SRM = Pattern.compile("Separate room message, #1 sent at (.+)\\.");

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("vader sith", "luke force", "obiwan kenobi");

    private ClientProcess login(String user, String password) throws IOException {
        return parley.login(user, password);
    }

    @Test
    void aBlockCoversRoomsAndBlockingTwiceSaysSo() throws IOException {
        ClientProcess vader = login("vader", "sith");
        ClientProcess luke = login("luke", "force");
        vader.expect("luke logged in");

        luke.type("block vader").expect("vader is blocked");
        luke.type("block vader").expect("Error. vader is already blocked");
        vader.type("SRB luke").expect("Error. No separate room created. Users that cannot be added: luke.");
        // a round trip of luke's after vader's refusal: nothing of a room reached luke
        luke.type("whoelse").expect("vader");
        assertThat(luke.out().entries()).noneMatch(line -> line.contains("separate room"));

        luke.type("unblock vader").expect("vader is unblocked");
        luke.type("unblock vader").expect("Error. vader was not blocked");
        vader.type("SRB luke")
                .expect("Separate chat room has been created, room ID: 1, users in this room: vader, luke");
        luke.expect("You have been added to separate room 1 by vader, users in this room: vader, luke");
    }

    @Test
    void broadcastRoomsHistoryAndLogs() throws IOException {
        ClientProcess vader = login("vader", "sith");
        ClientProcess luke = login("luke", "force");
        ClientProcess obiwan = login("obiwan", "kenobi");

        vader.type("BCM I am your father");
        String sentAt = group(BCM, vader.awaitLine(l -> BCM.matcher(l).matches(), "the BCM confirmation", ClientProcess.WAIT));
        luke.expect("vader: I am your father");
        String before = shift(sentAt, -1000);
        luke.type("RDM b " + before)
                .expect("Messages in broadcast since " + before + ":")
                .expect("#1; vader: I am your father at " + sentAt + ".");
        // timestamps are read to the second, so the first second that is strictly after the message is the next one
        luke.type("RDM b " + shift(sentAt, 1000)).expect("no new message");

        vader.type("SRB luke obiwan")
                .expect("Separate chat room has been created, room ID: 1, users in this room: vader, luke, obiwan");
        luke.type("SRB vader obiwan").expect("a separate room (ID: 1) already created for these users");

        vader.type("SRM 1 hi");
        String roomAt = group(SRM, vader.awaitLine(l -> SRM.matcher(l).matches(), "the SRM confirmation", ClientProcess.WAIT));
        luke.expect("[room 1] vader: hi");
        obiwan.expect("[room 1] vader: hi");
        String roomBefore = shift(roomAt, -1000);
        obiwan.type("RDM s " + roomBefore)
                .expect("Messages in separate rooms since " + roomBefore + ":")
                .expect("room-1:")
                .expect("#1; vader: hi at " + roomAt + ".");
        obiwan.type("SRM 2 hello").expect("The separate room does not exist");

        await().atMost(ClientProcess.WAIT).untilAsserted(() -> {
            assertThat(lines("messagelog.txt")).containsExactly("1; " + sentAt + "; vader; I am your father");
            assertThat(lines("SR_1_messagelog.txt")).containsExactly("1; " + roomAt + "; vader; hi");
        });
    }

    private List<String> lines(String file) throws IOException {
        return Files.readAllLines(parley.dir().resolve(file), StandardCharsets.UTF_8);
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertThat(m.matches()).isTrue();
        return m.group(1);
    }

    /** A reference timestamp moved by {@code millis}; the server runs on this machine, in this zone. */
    private static String shift(String ts, long millis) {
        ZoneId zone = ZoneId.systemDefault();
        long at = Timestamps.parse(ts, zone).orElseThrow().toEpochMilli();
        return Timestamps.format(at + millis, zone);
    }
}
