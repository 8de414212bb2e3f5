package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    /** 32 bytes 0..31 as the server would spell them. */
    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    private FakeServer server;
    private ShellRun shell;

    @BeforeEach
    void loggedIn() throws Exception {
        server = new FakeServer();
        CompletableFuture<ParleyClient> connecting = ParleyClient.connect("127.0.0.1", server.port());
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
    void anUploadTicketWithAMalformedKeyIsRefusedWithOneLineAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("notes.txt"), "do or do not".getBytes(StandardCharsets.UTF_8));
        shell.input.type("UDP luke " + file);
        Request.AuthorizeUpload upload = server.expect(Request.AuthorizeUpload.class);
        server.send(new Response.UploadTicket(upload.id(), "luke", "127.0.0.1", 9, 5, "t", KEY + "="));
        shell.awaitEnding("Welcome to Parley, yoda!\n"
                + "Error. Upload of notes.txt to luke failed: the server sent a malformed transfer key\n");
    }

    /** The audience's client is gone (its UDP port never answers): the server's word ends the upload at once. */
    @Test
    void anUploadEndsWithOneLineAsSoonAsTheServerSaysTheAudienceLoggedOut(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("notes.txt"), "do or do not".getBytes(StandardCharsets.UTF_8));
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            shell.input.type("UDP luke " + file);
            Request.AuthorizeUpload upload = server.expect(Request.AuthorizeUpload.class);
            server.send(new Response.UploadTicket(upload.id(), "luke", "127.0.0.1",
                    ((InetSocketAddress) silent.getLocalAddress()).getPort(), 77, "t", KEY));
            shell.awaitEnding("Uploading notes.txt to luke (12 bytes)\n");

            server.send(new Event.UploadCancelled(77, "luke", "notes.txt", Event.UploadCancelled.Reason.LOGGED_OUT));

            shell.awaitEnding("Uploading notes.txt to luke (12 bytes)\n"
                    + "Error. Upload of notes.txt to luke failed: luke logged out\n");
        }
    }

    @Test
    void anExpectedUploadEndsWithOneLineWhenTheServerSaysThePresenterLostTheConnection() {
        server.send(new Event.UploadIncoming("luke", "f.mp4", 1, "0".repeat(64), 88, "t", KEY));
        server.send(new Event.UploadCancelled(88, "luke", "f.mp4", Event.UploadCancelled.Reason.DISCONNECTED));
        // news of a transfer this client does not have (finished, or never here) says nothing
        server.send(new Event.UploadCancelled(99, "luke", "g.mp4", Event.UploadCancelled.Reason.TIMED_OUT));
        server.send(new Event.UserLoggedIn("leia"));
        shell.awaitEnding("Welcome to Parley, yoda!\n"
                + "Error. Upload of f.mp4 from luke failed: luke lost the connection\n"
                + "leia logged in\n");
    }

    @Test
    void anUploadAnnouncedWithAMalformedKeyIsRefusedWithOneLine() {
        // one character too few, then a last character whose unused bits are not zero (a second spelling)
        server.send(new Event.UploadIncoming("luke", "f.mp4", 1, "0".repeat(64), 1, "t", KEY.substring(1)));
        server.send(new Event.UploadIncoming("luke", "g.mp4", 1, "0".repeat(64), 2, "t",
                KEY.substring(0, 42) + "B"));
        shell.awaitEnding("Welcome to Parley, yoda!\n"
                + "Error. Upload of f.mp4 from luke refused: the server sent a malformed transfer key\n"
                + "Error. Upload of g.mp4 from luke refused: the server sent a malformed transfer key\n");
    }

    @Test
    void aPrivateChatQuestionIsAskedAndAnUploadAnnouncementIsSilent() throws Exception {
        server.send(new Event.PrivateRequested("luke"));
        server.send(new Event.UploadIncoming("luke", "f.mp4", 1, "0".repeat(64), 1, "t", KEY));
        server.send(new Event.PrivateDeclined("leia", true));
        server.send(new Event.UserLoggedIn("leia"));
        shell.awaitEnding("Welcome to Parley, yoda!\nluke would like to private message, enter y or n: \n"
                + "leia declines private messaging\nleia logged in\n");
    }
}
