package org.parley.e2e.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.RunningParley;

/** SPEC 2.3, 2.4, 3.3 and 7.1 with three client processes: notices, whoelse, ATU, whoelsesince, userlog.txt. */
class PresenceE2ETest {

    private static final String TS = "\\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}";

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("yoda jedi", "hans solo", "leia rebel");

    private ClientProcess login(String user, String password) throws IOException {
        return parley.login(user, password);
    }

    @Test
    void threeUsersSeeEachOtherComeAndGo() throws IOException {
        ClientProcess yoda = login("yoda", "jedi");
        ClientProcess hans = login("hans", "solo");
        yoda.expect("hans logged in");
        ClientProcess leia = login("leia", "rebel");
        yoda.expect("leia logged in");
        hans.expect("leia logged in");

        yoda.type("whoelse");
        assertThat(yoda.nextLines(2)).containsExactlyInAnyOrder("hans", "leia");
        yoda.type("ATU");
        assertThat(yoda.nextLines(2)).satisfiesExactly(
                first -> assertThat(first).matches("hans, 127\\.0\\.0\\.1, \\d+, active since " + TS + "\\."),
                second -> assertThat(second).matches("leia, 127\\.0\\.0\\.1, \\d+, active since " + TS + "\\."));
        assertThat(userlog()).satisfiesExactly(
                l -> assertThat(l).matches("1; " + TS + "; yoda; 127\\.0\\.0\\.1; \\d+"),
                l -> assertThat(l).matches("2; " + TS + "; hans; 127\\.0\\.0\\.1; \\d+"),
                l -> assertThat(l).matches("3; " + TS + "; leia; 127\\.0\\.0\\.1; \\d+"));

        hans.type("logout").expect("Bye, hans!");
        assertThat(hans.awaitExit()).isZero();
        yoda.expect("hans logged out");
        leia.expect("hans logged out");
        await().atMost(ClientProcess.WAIT).untilAsserted(() -> assertThat(userlog()).satisfiesExactly(
                l -> assertThat(l).matches("1; " + TS + "; yoda; 127\\.0\\.0\\.1; \\d+"),
                l -> assertThat(l).matches("2; " + TS + "; leia; 127\\.0\\.0\\.1; \\d+")));

        yoda.type("whoelse").expect("leia");
        yoda.type("whoelsesince 60");
        assertThat(yoda.nextLines(2)).containsExactlyInAnyOrder("hans", "leia");

        leia.kill();
        yoda.expect("leia logged out");
        await().atMost(ClientProcess.WAIT).untilAsserted(() -> assertThat(userlog()).satisfiesExactly(
                l -> assertThat(l).matches("1; " + TS + "; yoda; 127\\.0\\.0\\.1; \\d+")));
        yoda.type("whoelse").expect("no other active user");
        yoda.type("OUT").expect("Bye, yoda!");
        assertThat(yoda.awaitExit()).isZero();
    }

    private List<String> userlog() throws IOException {
        return Files.readAllLines(parley.dir().resolve("userlog.txt"), StandardCharsets.UTF_8);
    }
}
