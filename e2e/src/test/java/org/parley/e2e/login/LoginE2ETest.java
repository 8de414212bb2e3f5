package org.parley.e2e.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/** SPEC 2.2 and 2.3 through the packaged client's prompts, as a person types them. */
class LoginE2ETest {

    @TempDir
    static Path dir;
    private static ServerProcess server;
    private final List<ClientProcess> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi", "vader sith", "hans solo", "leia rebel");
        server = ServerProcess.start(dir, "0");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void stopClients() {
        clients.forEach(ClientProcess::close);
    }

    private ClientProcess client(String name) throws IOException {
        ClientProcess client = ClientProcess.start(dir, name, server.port());
        clients.add(client);
        return client;
    }

    @Test
    void aWrongPasswordIsAskedAgainAndTheRightOneLogsIn() throws IOException {
        ClientProcess yoda = client("yoda");
        yoda.expect(ClientProcess.USERNAME).type("yoda")
                .expect(ClientProcess.PASSWORD).type("sith")
                .expect("Invalid Password. Please try again")
                .expect(ClientProcess.PASSWORD).type("jedi")
                .expect("Welcome to Parley, yoda!");

        yoda.type("logout").expect("Bye, yoda!");
        assertThat(yoda.awaitExit()).isZero();
    }

    @Test
    void threeFailuresBlockTheAccountEvenForTheRightPasswordFromAnotherClient() throws IOException {
        ClientProcess first = client("vader-1");
        first.expect(ClientProcess.USERNAME).type("vader")
                .expect(ClientProcess.PASSWORD).type("wrong1")
                .expect("Invalid Password. Please try again")
                .expect(ClientProcess.PASSWORD).type("wrong2")
                .expect("Invalid Password. Please try again")
                .expect(ClientProcess.PASSWORD).type("wrong3")
                .expect("Invalid Password. Your account has been blocked. Please try again later");
        assertThat(first.awaitExit()).isNotZero();

        ClientProcess second = client("vader-2");
        second.expect(ClientProcess.USERNAME).type("vader")
                .expect(ClientProcess.PASSWORD).type("sith")
                .expect("Your account is blocked due to multiple login failures. Please try again later");
        assertThat(second.awaitExit()).isNotZero();
    }

    @Test
    void anUnknownNameRegistersAndIsStoredAsAnArgon2Hash() throws IOException {
        ClientProcess rey = client("rey");
        rey.expect(ClientProcess.USERNAME).type("rey")
                .expect(ClientProcess.NEW_PASSWORD).type("scavenger")
                .expect("Welcome to Parley, rey!");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readAllLines(dir.resolve("credentials.txt"), StandardCharsets.UTF_8))
                        .anySatisfy(line -> assertThat(line).matches("rey \\$argon2id\\$\\S+"))
                        .noneSatisfy(line -> assertThat(line).contains("scavenger")));
        rey.type("logout").expect("Bye, rey!");
        assertThat(rey.awaitExit()).isZero();

        ClientProcess again = client("rey-again");
        again.expect(ClientProcess.USERNAME).type("rey")
                .expect(ClientProcess.PASSWORD).type("scavenger")
                .expect("Welcome to Parley, rey!");
    }

    @Test
    void aSecondLoginOfAnOnlineUserIsRefusedOnlyAfterTheRightPassword() throws IOException {
        ClientProcess hans = ClientProcess.login(dir, server.port(), "hans", "solo");
        clients.add(hans);

        ClientProcess other = client("hans-2");
        // the username alone does not tell who is online: a wrong password is just wrong
        other.expect(ClientProcess.USERNAME).type("hans")
                .expect(ClientProcess.PASSWORD).type("chewie")
                .expect("Invalid Password. Please try again")
                .expect(ClientProcess.PASSWORD).type("solo")
                .expect("hans is already logged in");
        // a script is not asked for another user name after its password (its next line was a password)
        other.err().await(line -> line.startsWith("Error. The login was refused after the password"),
                "the script stopping", ClientProcess.WAIT);
        assertThat(other.awaitExit()).isEqualTo(3);
    }

    @Test
    void endOfInputAfterLoginLogsOutCleanly() throws IOException {
        // a user of its own: another test's leia may still be online
        ClientProcess poe = client("poe-eof");
        poe.expect(ClientProcess.USERNAME).type("poe")
                .expect(ClientProcess.NEW_PASSWORD).type("xwing")
                .expect("Welcome to Parley, poe!");
        poe.endInput();
        poe.expect("Bye, poe!");
        assertThat(poe.awaitExit()).isZero();
    }
}
