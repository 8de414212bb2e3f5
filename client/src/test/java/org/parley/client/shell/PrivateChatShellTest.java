package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.testing.ShellRun;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;

/** Private chat through scripted shells against the real server: answering, several chats, activity. */
class PrivateChatShellTest {

    private static final String NO_QUESTION = "Error. No private messaging request to answer";
    private static final String TIMEOUT = "Timeout. You have been logged out due to inactivity";

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private static ShellRun login(TestServer server, String user, String password) throws Exception {
        ShellRun shell = ShellRun.start(server.connect());
        shell.input.type(user);
        shell.input.type(password);
        shell.awaitContaining("Welcome to Parley, " + user + "!\n");
        return shell;
    }

    private static String question(String asker) {
        return asker + " would like to private message, enter y or n: \n";
    }

    /** {@code asker} asks, {@code target} says {@code y}, and the asker sees the link open. */
    private static void openChat(ShellRun asker, String askerName, ShellRun target, String targetName) {
        asker.input.type("startprivate " + targetName);
        asker.awaitContaining("Start private messaging with " + targetName + "\n");
        target.awaitContaining(question(askerName));
        target.input.type("y");
        asker.awaitContaining(targetName + " accepts private messaging\n");
    }

    @Test
    void namedAnswersPickTheirAskerWhateverTheOrderOfTheQuestions() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi");
             ShellRun leia = login(server, "leia", "rebel");
             ShellRun luke = login(server, "luke", "force")) {
            yoda.input.type("startprivate luke");
            luke.awaitContaining(question("yoda"));
            leia.input.type("startprivate luke");
            luke.awaitContaining(question("leia"));

            // a bare y would answer leia, the newest question; the names say otherwise
            luke.input.type("accept yoda");
            yoda.awaitContaining("luke accepts private messaging\n");
            luke.input.type("decline leia");
            leia.awaitContaining("luke declines private messaging\n");

            yoda.input.type("private luke you will be a jedi");
            luke.awaitContaining("yoda(private): you will be a jedi\n");
            leia.input.type("private luke hello brother");
            leia.awaitContaining("Error. Private messaging to luke not enabled\n");
            // both questions are answered: nothing is left for a bare y
            luke.input.type("y");
            luke.awaitContaining(NO_QUESTION + "\n");
            assertThat(luke.output()).doesNotContain("leia(private)");
        }
    }

    @Test
    void aBareAnswerWithNoQuestionPendingIsAnError() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi"); ShellRun luke = login(server, "luke", "force")) {
            yoda.input.type("y");
            yoda.awaitEnding(NO_QUESTION + "\n");
            yoda.input.type("n");
            yoda.awaitEnding(NO_QUESTION + "\n" + NO_QUESTION + "\n");

            // once the one question has been answered, there is nothing left to answer
            openChat(yoda, "yoda", luke, "luke");
            luke.input.type("n");
            luke.awaitContaining(NO_QUESTION + "\n");
            yoda.input.type("private luke still on");
            luke.awaitContaining("yoda(private): still on\n");
        }
    }

    @Test
    void oneClientHoldsTwoPrivateChatsAtOnceAndEndsThemSeparately() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi");
             ShellRun luke = login(server, "luke", "force");
             ShellRun leia = login(server, "leia", "rebel")) {
            openChat(yoda, "yoda", luke, "luke");
            openChat(yoda, "yoda", leia, "leia");

            yoda.input.type("private luke for luke only");
            yoda.input.type("private leia for leia only");
            luke.awaitContaining("yoda(private): for luke only\n");
            leia.awaitContaining("yoda(private): for leia only\n");
            luke.input.type("private yoda from luke");
            leia.input.type("private yoda from leia");
            yoda.awaitContaining("luke(private): from luke\n");
            yoda.awaitContaining("leia(private): from leia\n");
            // the server is used at the same time
            luke.input.type("message yoda through the server");
            yoda.awaitContaining("luke: through the server\n");

            yoda.input.type("stopprivate luke");
            yoda.awaitContaining("Private messaging with luke stopped\n");
            luke.awaitContaining("Private messaging with yoda stopped\n");
            yoda.input.type("private leia still with you");
            leia.awaitContaining("yoda(private): still with you\n");
            yoda.input.type("private luke gone");
            yoda.awaitContaining("Error. Private messaging to luke not enabled\n");

            assertThat(luke.output()).doesNotContain("for leia only");
            assertThat(leia.output()).doesNotContain("for luke only");
        }
    }

    @Test
    void answersThatMatchNoLiveQuestionAreRefusedAndALeavingTargetDeclines() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi");
             ShellRun luke = login(server, "luke", "force");
             ShellRun leia = login(server, "leia", "rebel")) {
            luke.input.type("accept leia");
            luke.awaitContaining("Error. No private messaging request from leia\n");

            // the asker leaves before the answer: the question is withdrawn
            yoda.input.type("startprivate luke");
            luke.awaitContaining(question("yoda"));
            yoda.input.type("logout");
            yoda.awaitContaining("Bye, yoda!\n");
            luke.awaitContaining("yoda logged out\n");
            luke.input.type("y");
            await().atMost(TestServer.patience()).until(() -> luke.output().contains("Error. No private messaging request from yoda\n")
                    || luke.output().contains("Error. yoda is offline\n"));

            // the target leaves without answering: that is a decline
            leia.input.type("startprivate luke");
            luke.awaitContaining(question("leia"));
            luke.input.type("logout");
            leia.awaitContaining("luke declines private messaging\n");
        }
    }

    @Test
    void aChatEndedByLogoutCanBeStartedAgainAfterTheNextLogin() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi")) {
            try (ShellRun luke = login(server, "luke", "force")) {
                openChat(yoda, "yoda", luke, "luke");
                luke.input.type("logout");
                assertThat(luke.exitCode()).isZero();
                yoda.awaitContaining("luke logged out, private chat concluding\n");
                // the server's notice and the link's goodbye make one line, whichever came first
                yoda.input.type("whoelse");
                yoda.awaitEnding("no other active user\n");
                assertThat(yoda.output()).doesNotContain("luke logged out\n");
                assertThat(yoda.output().indexOf("luke logged out, private chat concluding"))
                        .isEqualTo(yoda.output().lastIndexOf("luke logged out, private chat concluding"));
            }
            try (ShellRun luke = login(server, "luke", "force")) {
                luke.input.type("startprivate yoda");
                yoda.awaitContaining(question("luke"));
                yoda.input.type("y");
                luke.awaitContaining("yoda accepts private messaging\n");
                yoda.input.type("private luke welcome back");
                luke.awaitContaining("yoda(private): welcome back\n");
            }
        }
    }

    /**
     * Asking for a chat that is already open should be refused by the asker's client, not put to the
     * peer again: today the peer is asked, and its yes ends in "Could not open a private link".
     */
    @Test
    void askingForAChatThatIsAlreadyOpenIsRefusedWithoutAskingThePeer() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun yoda = login(server, "yoda", "jedi"); ShellRun luke = login(server, "luke", "force")) {
            openChat(yoda, "yoda", luke, "luke");
            yoda.input.type("startprivate luke");
            yoda.awaitContaining("Error. Private messaging with luke already enabled\n");
            // a server round trip of luke's comes after any question the server could have sent it
            luke.input.type("whoelse");
            luke.awaitEnding("yoda\n");
            assertThat(luke.output().indexOf(question("yoda"))).isEqualTo(luke.output().lastIndexOf(question("yoda")));

            yoda.input.type("private luke still one chat");
            luke.awaitContaining("yoda(private): still one chat\n");
        }
    }

    /**
     * SPEC 2.5: private messages reset the idle timer. yoda asks (its last server command), then luke
     * answers (its last), so without that rule yoda would time out first; instead yoda keeps sending
     * private messages every half second and outlives the silent luke.
     */
    @Test
    void privateMessagesKeepTheSenderLoggedInWhileItsSilentPeerTimesOut() throws Exception {
        TestServer server = SERVERS.start(s -> s.withIdleTimeout(Duration.ofSeconds(2)));
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try (ShellRun yoda = login(server, "yoda", "jedi"); ShellRun luke = login(server, "luke", "force")) {
            openChat(yoda, "yoda", luke, "luke");
            AtomicInteger pings = new AtomicInteger();
            pinger.scheduleAtFixedRate(() -> yoda.input.type("private luke ping " + pings.incrementAndGet()),
                    0, 500, TimeUnit.MILLISECONDS);

            await().atMost(TestServer.patience()).until(() -> luke.output().contains(TIMEOUT));
            assertThat(luke.exitCode()).isZero();
            yoda.awaitContaining("luke logged out, private chat concluding\n");
            pinger.shutdownNow();
            assertThat(pinger.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            // yoda's session is still alive: the server answers it, and it was never timed out
            assertThat(luke.output()).contains("yoda(private): ping 1\n");
            yoda.input.type("whoelse");
            yoda.awaitContaining("no other active user\n");
            assertThat(yoda.output()).doesNotContain(TIMEOUT);
            assertThat(server.onlineCount()).isEqualTo(1);
        } finally {
            pinger.shutdownNow();
        }
    }
}
