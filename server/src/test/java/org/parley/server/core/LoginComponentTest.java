package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.protocol.Response.LoginPrompt.Prompt;

/** SPEC 2.2 login flow through the real server; one server for the class, each test its own users. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void logOutEveryone() throws IOException {
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void helloMustComeFirstAndOnlyOnce() throws Exception {
        TestConnection c = server.connect();
        Response.Error e = c.requestError(new Request.LoginUser(c.nextId(), "alice"));
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);

        c.hello();
        Response.Error again = c.requestError(new Request.Hello(c.nextId(), ProtocolVersion.CURRENT, "test"));
        assertThat(again.code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN_HERE);
        c.request(new Request.LoginUser(c.nextId(), "dave"), Response.LoginPrompt.class);
    }

    @Test
    void commandsBeforeLoginAreRefused() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        Response.Error e = c.requestError(new Request.SendBroadcast(c.nextId(), "hi"));
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
        Response.Error pw = c.requestError(new Request.LoginPassword(c.nextId(), "x", 0, 0));
        assertThat(pw.code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
        c.request(new Request.LoginUser(c.nextId(), "bob"), Response.LoginPrompt.class);
        Response.Error whoElse = c.requestError(new Request.WhoElse(c.nextId()));
        assertThat(whoElse.code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void knownUserWithRightPasswordLogsInOnce() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        Response.LoginPrompt prompt = c.request(new Request.LoginUser(c.nextId(), "carol"), Response.LoginPrompt.class);
        assertThat(prompt.prompt()).isEqualTo(Prompt.PASSWORD);
        Response.LoggedIn in = c.request(new Request.LoginPassword(c.nextId(), "carolpw", 0, 0), Response.LoggedIn.class);
        assertThat(in.username()).isEqualTo("carol");
        Response.Error again = c.requestError(new Request.LoginUser(c.nextId(), "erin"));
        assertThat(again.code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN_HERE);
    }

    @Test
    void wrongPasswordAsksAgainOnTheSameConnection() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        c.request(new Request.LoginUser(c.nextId(), "dave"), Response.LoginPrompt.class);
        Response.Error e = c.requestError(new Request.LoginPassword(c.nextId(), "wrong", 0, 0));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        assertThat(e.message()).isEqualTo("Invalid Password. Please try again");
        c.request(new Request.LoginPassword(c.nextId(), "davepw", 0, 0), Response.LoggedIn.class);
    }

    @Test
    void newUserIsPromptedForAPasswordAndStoredAsAHash() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        Response.LoginPrompt prompt = c.request(new Request.LoginUser(c.nextId(), "frank"), Response.LoginPrompt.class);
        assertThat(prompt.prompt()).isEqualTo(Prompt.NEW_PASSWORD);
        c.request(new Request.LoginPassword(c.nextId(), "franksecret", 0, 0), Response.LoggedIn.class);

        String credentials = Files.readString(server.file("credentials.txt"));
        assertThat(credentials).doesNotContain("franksecret");
        assertThat(credentials.lines().filter(l -> l.startsWith("frank ")))
                .singleElement().asString().matches("frank \\$argon2id\\$\\S+");
        c.request(new Request.Logout(c.nextId()), Response.Bye.class);

        TestConnection again = server.connect();
        again.hello();
        assertThat(again.request(new Request.LoginUser(again.nextId(), "frank"), Response.LoginPrompt.class).prompt())
                .isEqualTo(Prompt.PASSWORD);
        again.request(new Request.LoginPassword(again.nextId(), "franksecret", 0, 0), Response.LoggedIn.class);
    }

    @Test
    void anOnlineUserIsAskedForThePasswordLikeAnyOther() throws Exception {
        server.login("alice");
        TestConnection c = server.connect();
        c.hello();
        // the same answer as for an offline account: the username alone says nothing of presence
        Response.LoginPrompt prompt = c.request(new Request.LoginUser(c.nextId(), "alice"), Response.LoginPrompt.class);
        assertThat(prompt.prompt()).isEqualTo(Prompt.PASSWORD);
    }

    @Test
    void aWrongPasswordForAnOnlineUserGetsTheWrongPasswordAnswer() throws Exception {
        server.login("alice");
        TestConnection c = server.connect();
        c.hello();
        c.request(new Request.LoginUser(c.nextId(), "alice"), Response.LoginPrompt.class);
        Response.Error e = c.requestError(new Request.LoginPassword(c.nextId(), "notalicepw", 0, 0));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        assertThat(e.message()).isEqualTo("Invalid Password. Please try again");
    }

    @Test
    void duplicateLoginIsRefusedAfterTheRightPasswordAndGoesBackToUsername() throws Exception {
        server.login("alice");
        TestConnection c = server.connect();
        c.hello();
        c.request(new Request.LoginUser(c.nextId(), "alice"), Response.LoginPrompt.class);
        Response.Error e = c.requestError(new Request.LoginPassword(c.nextId(), "alicepw", 0, 0));
        assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
        assertThat(e.message()).isEqualTo("alice is already logged in");
        c.request(new Request.LoginUser(c.nextId(), "erin"), Response.LoginPrompt.class);
    }

    @Test
    void unsupportedVersionIsRefusedAndClosed() throws Exception {
        TestConnection c = server.connect();
        Response.Error e = c.requestError(new Request.Hello(c.nextId(), ProtocolVersion.CURRENT + 1, "future"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        c.awaitClosed();
    }
}
