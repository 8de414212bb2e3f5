package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.api.ParleyClient;
import org.parley.client.testing.FakeServer;
import org.parley.client.testing.ShellRun;
import org.parley.protocol.Event;
import org.parley.protocol.LinkRefusal;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * A server that hands out the wrong key (or someone who made it so): two shells, each on a scripted
 * server that plays the broker, and one of the fingerprints it relays is not the peer's. The link is
 * refused and each user sees one clear line; the asker's client reports the refusal so that the target,
 * whose client cannot tell who the refused connection was, is told too.
 */
class PrivateLinkKeyMismatchShellTest {

    /** A well-formed fingerprint that is no client's. */
    private static final String NOBODYS_KEY = "SHA256:" + "A".repeat(42) + "Q";
    private static final String TOKEN = "Zr6mV2wq8yG3YdVQyq2ENg";

    private FakeServer yodaServer;
    private FakeServer lukeServer;
    private ShellRun yoda;
    private ShellRun luke;
    private int lukePort;
    /** The private-chat port the last login reported. */
    private int lastPrivatePort;

    @BeforeEach
    void bothLoggedIn() throws Exception {
        yodaServer = new FakeServer();
        lukeServer = new FakeServer();
        yoda = login(yodaServer, "yoda");
        luke = login(lukeServer, "luke");
        lukePort = lastPrivatePort;
        lukePort = lastPrivatePort;
    }

    private ShellRun login(FakeServer server, String user) throws Exception {
        CompletableFuture<ParleyClient> connecting = server.connectClient();
        server.acceptHello("UTC");
        ShellRun shell = ShellRun.start(connecting.get(10, TimeUnit.SECONDS), Optional.empty(), Optional.empty());
        shell.input.type(user);
        Request.LoginUser name = server.expect(Request.LoginUser.class);
        server.send(new Response.LoginPrompt(name.id(), Response.LoginPrompt.Prompt.PASSWORD));
        shell.input.type("secret");
        Request.LoginPassword password = server.expect(Request.LoginPassword.class);
        lastPrivatePort = password.privatePort();
        server.send(new Response.LoggedIn(password.id(), user));
        shell.awaitEnding("Welcome to Parley, " + user + "!\n");
        return shell;
    }

    @AfterEach
    void close() throws Exception {
        yoda.close();
        luke.close();
        yodaServer.close();
        lukeServer.close();
    }

    /** The brokering up to the introduction; returns {yoda's key, luke's key} as each client sent it. */
    private String[] broker(String keyGivenToLukeForYoda, boolean giveYodaLukesKey) throws Exception {
        yoda.input.type("startprivate luke");
        Request.StartPrivate start = yodaServer.expect(Request.StartPrivate.class);
        yodaServer.send(new Response.Ok(start.id()));
        yoda.awaitContaining("Start private messaging with luke\n");

        lukeServer.send(new Event.PrivateRequested("yoda"));
        luke.awaitContaining("yoda would like to private message, enter y or n: \n");
        luke.input.type("y");
        Request.AnswerPrivate answer = lukeServer.expect(Request.AnswerPrivate.class);
        assertThat(answer.accept()).isTrue();
        lukeServer.send(new Response.Ok(answer.id()));
        lukeServer.send(new Event.PrivateExpect("yoda", TOKEN,
                keyGivenToLukeForYoda == null ? start.fingerprint() : keyGivenToLukeForYoda));
        Request.PrivateReady ready = lukeServer.expect(Request.PrivateReady.class);
        lukeServer.send(new Response.Ok(ready.id()));

        yodaServer.send(new Event.PrivateAccepted("luke", "127.0.0.1", lukePort, TOKEN,
                giveYodaLukesKey ? answer.fingerprint() : NOBODYS_KEY));
        return new String[] {start.fingerprint(), answer.fingerprint()};
    }

    /** What the real server does with the asker's report: tell the target. */
    private void relayTheReport(LinkRefusal expected) throws Exception {
        Request.ReportLinkRefused report = yodaServer.expect(Request.ReportLinkRefused.class);
        assertThat(report.user()).isEqualTo("luke");
        assertThat(report.reason()).isEqualTo(expected);
        yodaServer.send(new Response.Ok(report.id()));
        lukeServer.send(new Event.PrivateLinkRefused("yoda", report.reason()));
    }

    @Test
    void aTargetGivenAnotherKeyForTheAskerRefusesTheLinkAndBothSeeWhy() throws Exception {
        String[] keys = broker(NOBODYS_KEY, true);

        yoda.awaitContaining("Error. Could not open a private link to luke: luke's client refused this client's key "
                + keys[0] + " (it was given another one, or no longer expects this link); link refused\n");
        relayTheReport(LinkRefusal.KEY_REFUSED);
        luke.awaitContaining("Error. The private link from yoda was refused: your client was given another key for"
                + " yoda than it presented (someone may be in between: compare fingerprints with yoda; yours is "
                + keys[1] + ")\n");

        assertThat(yoda.output()).doesNotContain("luke accepts private messaging").doesNotContain("is encrypted");
        assertThat(luke.output()).doesNotContain("is encrypted");
        yoda.input.type("private luke hello?");
        yoda.awaitContaining("Error. Private messaging to luke not enabled\n");
    }

    @Test
    void anAskerGivenAnotherKeyForTheTargetRefusesTheLinkAndBothSeeWhy() throws Exception {
        String[] keys = broker(null, false);

        yoda.awaitContaining("Error. Could not open a private link to luke: luke's private port presented the key "
                + keys[1] + ", not " + NOBODYS_KEY + " that the server gave for luke; link refused (someone may be"
                + " in between: compare fingerprints with luke)\n");
        relayTheReport(LinkRefusal.WRONG_KEY);
        luke.awaitContaining("Error. The private link from yoda was refused: your port showed yoda another key than"
                + " the server gave it (someone may be in between: compare fingerprints with yoda; yours is "
                + keys[1] + ")\n");

        assertThat(yoda.output()).doesNotContain("luke accepts private messaging").doesNotContain("is encrypted");
        luke.input.type("private yoda hello?");
        luke.awaitContaining("Error. Private messaging to yoda not enabled\n");
    }

    @Test
    void withTheRightKeysBothSidesSeeTheLinkOpenAndBothFingerprints() throws Exception {
        String[] keys = broker(null, true);

        yoda.awaitContaining("Private link with luke is encrypted; keys: luke " + keys[1] + ", yours " + keys[0] + "\n");
        yoda.awaitContaining("luke accepts private messaging\n");
        luke.awaitContaining("Private link with yoda is encrypted; keys: yoda " + keys[0] + ", yours " + keys[1] + "\n");
        yoda.input.type("private luke hello");
        yodaServer.expect(Request.ReportActivity.class);
        luke.awaitContaining("yoda(private): hello\n");
    }

    @Test
    void anExpectationWithoutAValidFingerprintIsRefusedAndNotAnnouncedAsReady() throws Exception {
        lukeServer.send(new Event.PrivateRequested("yoda"));
        luke.awaitContaining("yoda would like to private message, enter y or n: \n");
        luke.input.type("y");
        Request.AnswerPrivate answer = lukeServer.expect(Request.AnswerPrivate.class);
        lukeServer.send(new Response.Ok(answer.id()));

        lukeServer.send(new Event.PrivateExpect("yoda", TOKEN, "SHA256:not-a-fingerprint"));

        luke.awaitContaining("Error. Cannot accept a private link from yoda: the server sent no valid key fingerprint"
                + " for it, or too many links are pending\n");
        luke.input.type("whoelse");
        assertThat(lukeServer.expect(Request.WhoElse.class)).as("no private-ready before it").isNotNull();
    }
}
