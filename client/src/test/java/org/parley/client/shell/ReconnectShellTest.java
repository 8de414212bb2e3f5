package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.api.ParleyClient;
import org.parley.client.session.ChatSession;
import org.parley.client.session.ReconnectPolicy;
import org.parley.client.testing.ShellRun;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;

/**
 * The scripted shell over a reconnecting session, against the real server stopped and started again on
 * its port: what the user sees, what works while the server is away, and that private chats go on.
 */
class ReconnectShellTest {

    private static final ReconnectPolicy FAST = ReconnectPolicy.defaults()
            .withDelays(Duration.ofMillis(20), Duration.ofMillis(200)).withGiveUpAfter(Duration.ofSeconds(60));

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private static ShellRun login(TestServer server, String user, String password) throws Exception {
        ChatSession session = ChatSession.open(received -> ParleyClient.connect("127.0.0.1", server.port(), null,
                Duration.ofSeconds(10), received, server.security()), FAST).get(10, TimeUnit.SECONDS);
        ShellRun shell = ShellRun.start(session, Optional.of(user), Optional.of(password), Duration.ofSeconds(10));
        shell.awaitContaining("Welcome to Parley, " + user + "!\n");
        return shell;
    }

    @Test
    void theUserSeesTheShutdownAndTheReconnectAndServerCommandsAreRefusedMeanwhile() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi")) {
            server.stop();
            yoda.awaitContaining("The server is shutting down; reconnecting in ");
            yoda.input.type("whoelse");
            yoda.awaitContaining("Error. Not connected to the server; reconnecting...\n");

            server.startAgain();
            yoda.awaitContaining("Reconnected as yoda (server 127.0.0.1:" + server.port() + ")\n");
            yoda.input.type("whoelse");
            yoda.awaitEnding("no other active user\n");
            yoda.input.type("logout");
            yoda.awaitEnding("Bye, yoda!\n");
        }
    }

    @Test
    void aPrivateChatGoesOnWhileTheServerIsAwayAndAfterItIsBack() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi"); ShellRun luke = login(server, "luke", "force")) {
            yoda.input.type("startprivate luke");
            luke.awaitContaining("yoda would like to private message, enter y or n: \n");
            luke.input.type("y");
            // typed at once, while the link is still being set up: it waits for the link
            luke.input.type("private yoda ready when you are");
            yoda.awaitContaining("luke(private): ready when you are\n");

            server.stop();
            yoda.awaitContaining("The server is shutting down; reconnecting in ");
            luke.awaitContaining("The server is shutting down; reconnecting in ");
            yoda.input.type("private luke the server is gone");
            luke.awaitContaining("yoda(private): the server is gone\n");

            server.startAgain();
            yoda.awaitContaining("Reconnected as yoda (server 127.0.0.1:" + server.port() + ")\n");
            luke.awaitContaining("Reconnected as luke (server 127.0.0.1:" + server.port() + ")\n");
            luke.input.type("private yoda and back again");
            yoda.awaitContaining("luke(private): and back again\n");

            // a new chat needs the private-chat port the reconnect reported to the server
            yoda.input.type("stopprivate luke");
            luke.awaitContaining("Private messaging with yoda stopped\n");
            luke.input.type("startprivate yoda");
            yoda.awaitContaining("luke would like to private message, enter y or n: \n");
            yoda.input.type("y");
            yoda.input.type("private luke a new chat");
            luke.awaitContaining("yoda(private): a new chat\n");
        }
    }

    @Test
    void aLogoutWhileReconnectingLeavesAtOnceWithStatusZero() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi")) {
            server.stop();
            yoda.awaitContaining("The server is shutting down; reconnecting in ");
            yoda.input.type("logout");
            yoda.awaitEnding("Logged out (the server could not be reached to say goodbye)\n");
            assertThat(yoda.exitCode()).isZero();
        }
    }
}
