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
    void aSecondLoginOfAnOnlineUserIsRefusedAndAskedForAnotherName() throws IOException {
        ClientProcess hans = ClientProcess.login(dir, server.port(), "hans", "solo");
        clients.add(hans);

        ClientProcess other = client("hans-2");
        other.expect(ClientProcess.USERNAME).type("hans")
                .expect("hans is already logged in")
                .expect(ClientProcess.USERNAME).type("leia")
                .expect(ClientProcess.PASSWORD).type("rebel")
                .expect("Welcome to Parley, leia!");
        hans.expect("leia logged in");
    }

    @Test
    void endOfInputAfterLoginLogsOutCleanly() throws IOException {
        ClientProcess leia = client("leia-eof");
        leia.expect(ClientProcess.USERNAME).type("leia");
        // leia may still be online from another test: use the outcome the server gives
        String answer = leia.awaitLine(l -> l.equals(ClientProcess.PASSWORD) || l.equals("leia is already logged in"),
                "the password prompt", ClientProcess.WAIT);
        if (!answer.equals(ClientProcess.PASSWORD)) {
            leia.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD);
            leia.type("jedi").expect("Welcome to Parley, yoda!");
            leia.endInput();
            leia.expect("Bye, yoda!");
        } else {
            leia.type("rebel").expect("Welcome to Parley, leia!");
            leia.endInput();
            leia.expect("Bye, leia!");
        }
        assertThat(leia.awaitExit()).isZero();
    }
}
