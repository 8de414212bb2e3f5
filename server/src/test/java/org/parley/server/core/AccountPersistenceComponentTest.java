package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** SPEC 8: an account and a block that were confirmed are there after a restart. */
class AccountPersistenceComponentTest {

    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registeredAccountsAndBlocksSurviveARestart() throws Exception {
        server = TestServer.start(dir);
        TestConnection frank = server.register("frank");
        frank.request(new Request.Block(frank.nextId(), "alice"), Response.Ok.class);

        server.restart();
        assertThat(Files.readString(server.file("userlog.txt"))).as("emptied at start").isEmpty();

        TestConnection wrong = server.connect();
        assertThat(((Response.Error) wrong.login("frank", "nope")).code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        TestConnection again = server.connect();
        assertThat(again.login("frank", "frankpw")).isInstanceOf(Response.LoggedIn.class);
        TestConnection alice = server.login("alice");
        Response.Error e = alice.requestError(new Request.SendMessage(alice.nextId(), "frank", "hello?"));
        assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);
        // the block is still there to be lifted
        again.request(new Request.Unblock(again.nextId(), "alice"), Response.Ok.class);
    }

    @Test
    void clearPasswordStartingWithADollarIsImportedAsAPasswordAndTheNameIsNotUpForGrabs() throws Exception {
        Files.writeString(dir.resolve("credentials.txt"), "leia $blasterpistol$\nlando $2b$12$xyz\n");
        server = TestServer.start(dir);

        TestConnection impostor = server.connect();
        impostor.hello();
        Response prompt = impostor.request(new Request.LoginUser(impostor.nextId(), "leia"));
        assertThat(prompt).as("leia exists, so her name asks for her password, not a new one")
                .isEqualTo(new Response.LoginPrompt(2, Response.LoginPrompt.Prompt.PASSWORD));
        impostor.close();

        TestConnection leia = server.connect();
        assertThat(leia.login("leia", "$blasterpistol$")).isInstanceOf(Response.LoggedIn.class);
        TestConnection lando = server.connect();
        assertThat(lando.login("lando", "$2b$12$xyz")).isInstanceOf(Response.LoggedIn.class);
    }

    @Test
    void anImportedAccountTheStoreCouldNotSaveStopsTheStartWithTheCause() throws Exception {
        Files.writeString(dir.resolve("credentials.txt"), TestServer.CREDENTIALS);
        assertThatThrownBy(() -> TestServer.start(dir, s -> s, real -> FaultyStore.around(real,
                        f -> f.failNext("saveAccount", new IllegalStateException("disk full (injected)")))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot store the account alice from ")
                .hasMessageContaining("disk full (injected)");

        server = TestServer.start(dir);
        assertThat(server.connect().login("alice", "alicepw")).as("the lock was released, the next start imports")
                .isInstanceOf(Response.LoggedIn.class);
    }
}
