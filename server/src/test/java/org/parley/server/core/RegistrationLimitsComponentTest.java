package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** Registration is bounded server-wide: a rate of new accounts and an optional cap, clearly refused. */
class RegistrationLimitsComponentTest {

    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void beyondTheBurstRegistrationIsRefusedFromAnyAddressAndTheUserIsBackAtTheUsername() throws Exception {
        // one new account every 1000 s after the minimum burst of 10: the test never sees a refill
        server = TestServer.start(dir, s -> s.withRegistrationLimits(0.001, 0));
        for (int i = 0; i < 10; i++) {
            server.register("new" + i); // each from its own address
        }

        TestConnection eleventh = server.connect();
        eleventh.hello();
        eleventh.request(new Request.LoginUser(eleventh.nextId(), "new10"), Response.LoginPrompt.class);
        Response.Error refused = eleventh.requestError(new Request.LoginPassword(eleventh.nextId(), "new10pw", 0, 0));

        assertThat(refused.code()).isEqualTo(ErrorCode.REGISTRATION_RATE_LIMITED);
        assertThat(refused.message()).isEqualTo("Error. Too many new accounts are being created; please try again in a minute");
        assertThat(Files.readAllLines(server.file("credentials.txt"))).hasSize(5 + 10).noneMatch(l -> l.startsWith("new10 "));
        Response prompt = eleventh.request(new Request.LoginUser(eleventh.nextId(), "alice"));
        assertThat(prompt).as("back at the username step").isInstanceOf(Response.LoginPrompt.class);
        assertThat(eleventh.request(new Request.LoginPassword(eleventh.nextId(), "alicepw", 0, 0)))
                .as("existing accounts are not limited").isInstanceOf(Response.LoggedIn.class);
    }

    @Test
    void atTheCapAnUnknownUsernameIsRefusedAtOnceAndExistingAccountsStillLogIn() throws Exception {
        server = TestServer.start(dir, s -> s.withRegistrationLimits(1_000_000, 6)); // 5 imported + 1
        server.register("sixth");

        TestConnection late = server.connect();
        late.hello();
        Response.Error refused = late.requestError(new Request.LoginUser(late.nextId(), "seventh"));

        assertThat(refused.code()).isEqualTo(ErrorCode.ACCOUNT_LIMIT_REACHED);
        assertThat(refused.message()).isEqualTo("Error. This server accepts no new accounts");
        assertThat(server.connect().login("bob", "bobpw")).isInstanceOf(Response.LoggedIn.class);
        server.restart();
        TestConnection again = server.connect();
        again.hello();
        assertThat(again.requestError(new Request.LoginUser(again.nextId(), "seventh")).code())
                .as("registered accounts count after a restart too").isEqualTo(ErrorCode.ACCOUNT_LIMIT_REACHED);
    }

    @Test
    void twoUsersTypingTheirNewPasswordForTheLastPlaceGetOneAccount() throws Exception {
        server = TestServer.start(dir, s -> s.withRegistrationLimits(1_000_000, 6));
        TestConnection first = server.connect();
        TestConnection second = server.connect();
        first.hello();
        second.hello();
        first.request(new Request.LoginUser(first.nextId(), "one"), Response.LoginPrompt.class);
        second.request(new Request.LoginUser(second.nextId(), "two"), Response.LoginPrompt.class);

        assertThat(first.request(new Request.LoginPassword(first.nextId(), "onepw", 0, 0))).isInstanceOf(Response.LoggedIn.class);
        Response.Error refused = second.requestError(new Request.LoginPassword(second.nextId(), "twopw", 0, 0));
        assertThat(refused.code()).isEqualTo(ErrorCode.ACCOUNT_LIMIT_REACHED);
    }
}
