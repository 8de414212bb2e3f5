package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * SPEC 2.2 lockout (3 failures, a 2 s block) and registration off, on one server; each test uses its
 * own account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockoutComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir, s -> s.withLockout(3, Duration.ofSeconds(2)).withRegistration(false));
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void thirdFailureBlocksTheAccountEverywhereUntilTheBlockExpires() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        c.request(new Request.LoginUser(c.nextId(), "bob"), Response.LoginPrompt.class);
        for (int i = 0; i < 2; i++) {
            Response.Error e = c.requestError(new Request.LoginPassword(c.nextId(), "wrong", 0, 0));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
            assertThat(e.message()).isEqualTo("Invalid Password. Please try again");
        }
        Response.Error now = c.requestError(new Request.LoginPassword(c.nextId(), "wrong", 0, 0));
        assertThat(now.code()).isEqualTo(ErrorCode.ACCOUNT_BLOCKED_NOW);
        assertThat(now.message()).isEqualTo("Invalid Password. Your account has been blocked. Please try again later");
        c.awaitClosed();

        TestConnection other = server.connect();
        Response.Error blocked = (Response.Error) other.login("bob", "bobpw");
        assertThat(blocked.code()).isEqualTo(ErrorCode.ACCOUNT_BLOCKED);
        assertThat(blocked.message())
                .isEqualTo("Your account is blocked due to multiple login failures. Please try again later");
        other.awaitClosed();

        PatientLogin patient = new PatientLogin(server, "bob", "bobpw");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(patient::tryOnce);
    }

    @Test
    void aSuccessResetsTheFailureCount() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        c.request(new Request.LoginUser(c.nextId(), "carol"), Response.LoginPrompt.class);
        for (int i = 0; i < 2; i++) {
            assertThat(passwordPastThrottle(c, "wrong")).isInstanceOf(Response.Error.class)
                    .extracting(r -> ((Response.Error) r).code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        }
        assertThat(passwordPastThrottle(c, "carolpw")).isInstanceOf(Response.LoggedIn.class);
        c.request(new Request.Logout(c.nextId()), Response.Bye.class);

        TestConnection d = server.connect();
        d.hello();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> d.request(new Request.LoginUser(d.nextId(), "carol")) instanceof Response.LoginPrompt);
        // two more failures would block a count that had not been reset
        for (int i = 0; i < 2; i++) {
            assertThat(passwordPastThrottle(d, "wrong")).isInstanceOf(Response.Error.class)
                    .extracting(r -> ((Response.Error) r).code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        }
    }

    @Test
    void theConsoleNamesTheAddressThatKeepsAnAccountLocked() throws Exception {
        ch.qos.logback.classic.Logger console =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("parley.console");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        console.addAppender(lines);
        try {
            TestConnection c = server.connect();
            String address = c.localIp(); // before the server closes the socket
            c.hello();
            c.request(new Request.LoginUser(c.nextId(), "alice"), Response.LoginPrompt.class);
            for (int i = 0; i < 3; i++) {
                passwordPastThrottle(c, "wrong");
            }
            c.awaitClosed();
            await().atMost(TestConnection.WAIT).untilAsserted(() -> {
                synchronized (lines) {
                    assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                            .anyMatch(l -> l.equals("alice wrong password (from " + address + ")"))
                            .anyMatch(l -> l.equals("alice Invalid Password. Your account has been blocked. Please try"
                                    + " again later (from " + address + ")"));
                }
            });
        } finally {
            console.detachAppender(lines);
        }
    }

    @Test
    void wrongPasswordsForAnOnlineUserCountTowardTheLockout() throws Exception {
        TestConnection dave = server.login("dave");
        TestConnection c = server.connect();
        c.hello();
        c.request(new Request.LoginUser(c.nextId(), "dave"), Response.LoginPrompt.class);
        for (int i = 0; i < 2; i++) {
            assertThat(passwordPastThrottle(c, "wrong")).isInstanceOf(Response.Error.class)
                    .extracting(r -> ((Response.Error) r).code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        }
        assertThat(passwordPastThrottle(c, "wrong")).isInstanceOf(Response.Error.class)
                .extracting(r -> ((Response.Error) r).code()).isEqualTo(ErrorCode.ACCOUNT_BLOCKED_NOW);
        c.awaitClosed();
        // the guesser is cut off; the session already logged in is not
        dave.request(new Request.WhoElse(dave.nextId()), Response.UserList.class);
    }

    /** The per-account login throttle (5 then 1 per 2 s) refuses without charging: just try again. */
    private static Response passwordPastThrottle(TestConnection c, String password) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = c.request(new Request.LoginPassword(c.nextId(), password, 0, 0));
            return !(last[0] instanceof Response.Error e && e.code() == ErrorCode.THROTTLED);
        });
        return last[0];
    }

    @Test
    void registrationOffRefusesUnknownUsersAndReturnsToUsername() throws Exception {
        TestConnection c = server.connect();
        c.hello();
        Response.Error e = c.requestError(new Request.LoginUser(c.nextId(), "frank"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_USER);
        assertThat(e.message()).isEqualTo("Error. Invalid user");
        c.request(new Request.LoginUser(c.nextId(), "erin"), Response.LoginPrompt.class);
        c.request(new Request.LoginPassword(c.nextId(), "erinpw", 0, 0), Response.LoggedIn.class);
    }

    /**
     * Logs in once the block is over, riding out the per-account login throttle: a throttled step pays
     * nothing and is simply tried again at the next poll, on the same connection.
     */
    private static final class PatientLogin {
        private final TestServer server;
        private final String user;
        private final String password;
        private TestConnection connection;
        private boolean prompted;

        PatientLogin(TestServer server, String user, String password) {
            this.server = server;
            this.user = user;
            this.password = password;
        }

        boolean tryOnce() throws IOException {
            if (connection == null || connection.isClosedByServer()) {
                connection = server.connect();
                connection.hello();
                prompted = false;
            }
            if (!prompted) {
                Response r = connection.request(new Request.LoginUser(connection.nextId(), user));
                if (!(r instanceof Response.LoginPrompt)) {
                    assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.THROTTLED);
                    return false;
                }
                prompted = true;
            }
            Response r = connection.request(new Request.LoginPassword(connection.nextId(), password, 0, 0));
            if (r instanceof Response.LoggedIn) {
                return true;
            }
            ErrorCode code = ((Response.Error) r).code();
            assertThat(code).isIn(ErrorCode.THROTTLED, ErrorCode.ACCOUNT_BLOCKED);
            if (code == ErrorCode.ACCOUNT_BLOCKED) {
                connection.awaitClosed();
            }
            return false;
        }
    }
}
