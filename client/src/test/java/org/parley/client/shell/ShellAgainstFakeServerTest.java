package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.api.ParleyClient;
import org.parley.client.testing.FakeServer;
import org.parley.client.testing.ShellRun;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** How the scripted shell ends when the server ends the session, goes away, or stays silent. */
class ShellAgainstFakeServerTest {

    private FakeServer server;
    private ShellRun shell;

    @BeforeEach
    void loggedIn() throws Exception {
        server = new FakeServer();
        CompletableFuture<ParleyClient> connecting = server.connectClient();
        server.acceptHello("UTC");
        shell = ShellRun.start(connecting.get(10, TimeUnit.SECONDS), Optional.empty(), Optional.empty(),
                Duration.ofMillis(300));
        shell.input.type("yoda");
        Request.LoginUser user = server.expect(Request.LoginUser.class);
        server.send(new Response.LoginPrompt(user.id(), Response.LoginPrompt.Prompt.PASSWORD));
        shell.input.type("jedi");
        Request.LoginPassword password = server.expect(Request.LoginPassword.class);
        server.send(new Response.LoggedIn(password.id(), "yoda"));
        shell.awaitEnding("Welcome to Parley, yoda!\n");
    }

    @AfterEach
    void close() throws Exception {
        shell.close();
        server.close();
    }

    @Test
    void eachHistoryPageIsPrintedAsItArrivesBeforeTheNextIsAskedFor() throws Exception {
        shell.input.type("RDM b 1 Jun 2022 21:30:04");
        Request.ReadHistory first = server.expect(Request.ReadHistory.class);
        assertThat(first.after()).isNull();
        server.send(new Response.History(first.id(), HistoryKind.BROADCAST,
                List.of(new HistoryItem(0, 7, "luke", "first page", 1654119005000L)), true, new HistoryCursor(0, 9)));
        Request.ReadHistory second = server.expect(Request.ReadHistory.class);
        assertThat(second.after()).isEqualTo(new HistoryCursor(0, 9));
        // the first page is on the screen while the second is still on its way
        shell.awaitEnding("Messages in broadcast since 1 Jun 2022 21:30:04:\n"
                + "#7; luke: first page at 1 Jun 2022 21:30:05.\n");
        server.send(new Response.History(second.id(), HistoryKind.BROADCAST,
                List.of(new HistoryItem(0, 10, "leia", "last page", 1654119006000L)), false, new HistoryCursor(0, 10)));
        shell.awaitEnding("#7; luke: first page at 1 Jun 2022 21:30:05.\n"
                + "#10; leia: last page at 1 Jun 2022 21:30:06.\n");
    }

    @Test
    void aHistoryPageThatFailsStopsTheListingWithTheServersLine() throws Exception {
        shell.input.type("RDM s 1 Jun 2022 21:30:04");
        Request.ReadHistory first = server.expect(Request.ReadHistory.class);
        server.send(new Response.History(first.id(), HistoryKind.ROOMS, List.of(), true, new HistoryCursor(2, 3)));
        Request.ReadHistory second = server.expect(Request.ReadHistory.class);
        server.send(new Response.Error(second.id(), ErrorCode.INTERNAL, "Error. The server could not complete it"));
        shell.awaitEnding("Welcome to Parley, yoda!\nError. The server could not complete it\n");
        shell.input.type("whoelse");
        server.expect(Request.WhoElse.class); // the shell goes on with the next command
    }

    @Test
    void anIdleTimeoutEndsTheShellCleanly() throws Exception {
        server.send(new Event.SessionEnded(Event.SessionEnded.Reason.TIMEOUT,
                "Timeout. You have been logged out due to inactivity"));
        server.disconnect();

        assertThat(shell.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(shell.output()).endsWith("Welcome to Parley, yoda!\n"
                + "Timeout. You have been logged out due to inactivity\n");
    }

    @Test
    void aServerShutdownEndsTheShellWithAFailure() throws Exception {
        server.send(new Event.SessionEnded(Event.SessionEnded.Reason.SHUTDOWN, "Error. The server is shutting down"));

        assertThat(shell.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(shell.output()).endsWith("yoda!\nError. The server is shutting down\n");
    }

    @Test
    void aLostConnectionIsReportedOnceAndEndsTheShell() throws Exception {
        shell.input.type("whoelse");
        server.expect(Request.WhoElse.class);
        server.disconnect();

        assertThat(shell.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(shell.output()).endsWith("yoda!\nError. Connection to the server lost\n");
    }

    @Test
    void aLostConnectionWhileIdleEndsTheShell() throws Exception {
        server.disconnect();

        assertThat(shell.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(shell.output()).endsWith("yoda!\nError. Connection to the server lost\n");
    }

    @Test
    void anUnansweredCommandIsReportedAndTheNextLineRuns() throws Exception {
        shell.input.type("whoelse");
        server.expect(Request.WhoElse.class);
        shell.awaitEnding("Error. The server did not answer in time\n");

        shell.input.type("block vader");
        Request.Block block = server.expect(Request.Block.class);
        server.send(new Response.Ok(block.id()));
        shell.awaitEnding("Error. The server did not answer in time\nvader is blocked\n");
    }

    @Test
    void anErrorForNoRequestIsPrinted() {
        server.send(new Response.Error(0, ErrorCode.BAD_FRAME, "Error. Malformed request: whatever"));
        shell.awaitEnding("Error. Malformed request: whatever\n");
    }

    @Test
    void aPrivateChatQuestionIsAskedAndAnUploadAnnouncementIsSilent() throws Exception {
        server.send(new Event.PrivateRequested("luke"));
        server.send(new Event.UploadIncoming("luke", "f.mp4", 1, "0".repeat(64), 1, "t"));
        server.send(new Event.PrivateDeclined("leia", true));
        server.send(new Event.UserLoggedIn("leia"));
        shell.awaitEnding("Welcome to Parley, yoda!\nluke would like to private message, enter y or n: \n"
                + "leia declines private messaging\nleia logged in\n");
    }
}
