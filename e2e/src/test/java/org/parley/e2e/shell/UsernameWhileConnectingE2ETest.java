package org.parley.e2e.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.GatedRelay;
import org.parley.e2e.harness.RunningParley;
import org.parley.e2e.harness.TerminalClient;

/**
 * On a terminal the {@code Username: } prompt does not wait for the server: a person types the name while
 * the connection and its TLS handshake are still being made, and a failure meanwhile ends the prompt cleanly.
 */
class UsernameWhileConnectingE2ETest {

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("yoda jedi");

    private TerminalClient terminal(int port) throws IOException {
        Path state = parley.dir().resolve("state");
        return TerminalClient.start(parley.dir(), "yoda-pty", 100, 30, Map.of("XDG_STATE_HOME", state.toString()),
                List.of("127.0.0.1", Integer.toString(port)));
    }

    @Test
    void theNameTypedBeforeTheServerAnsweredIsTheLoginsFirstAnswer() throws IOException {
        try (GatedRelay slow = GatedRelay.to(parley.server().port()); TerminalClient yoda = terminal(slow.port())) {
            // nothing has crossed the relay yet, so this prompt came before the handshake
            yoda.awaitText("Username: ").line("yoda").awaitText("yoda");
            slow.open();
            yoda.awaitText("Password: ").line("jedi").awaitText("Welcome to Parley, yoda!").awaitText("> ");
            assertThat(yoda.plain()).containsOnlyOnce("Username: ");
            yoda.keys(TerminalClient.CTRL_D).awaitText("Bye, yoda!");
            assertThat(yoda.awaitExit()).isZero();
        }
    }

    @Test
    void ctrlDWhileTheServerIsStillBeingReachedLeavesAtOnce() throws IOException {
        try (GatedRelay slow = GatedRelay.to(parley.server().port()); TerminalClient yoda = terminal(slow.port())) {
            yoda.awaitText("Username: ").keys("yo").awaitText("yo");
            yoda.keys(TerminalClient.CTRL_C).awaitText("Username: ");
            yoda.keys(TerminalClient.CTRL_D).awaitText("Error. Input ended before the login succeeded");
            assertThat(yoda.awaitExit()).isEqualTo(3);
        }
    }

    @Test
    void aConnectionThatFailsWhileTheNameIsTypedEndsThePromptWithOneErrorLine() throws IOException {
        int closed;
        try (ServerSocket nobody = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = nobody.getLocalPort();
        }
        try (TerminalClient yoda = terminal(closed)) {
            yoda.awaitText("Error. Cannot connect to the server at 127.0.0.1:" + closed);
            assertThat(yoda.awaitExit()).isEqualTo(1);
            // the error has a line of its own: not typed into a prompt, and no prompt after it
            assertThat(yoda.lines()).anySatisfy(line ->
                    assertThat(line.strip()).isEqualTo("Error. Cannot connect to the server at 127.0.0.1:" + closed));
            assertThat(yoda.plain()).doesNotContain("Username: Error", "Username: Username:");
        }
    }
}
