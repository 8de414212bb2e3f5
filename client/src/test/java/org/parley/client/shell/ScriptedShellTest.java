package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.api.ParleyClient;
import org.parley.client.command.CommandCatalog;
import org.parley.client.testing.ShellRun;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.Response;
import org.parley.protocol.Timestamps;

/** The scripted shell (standard input not a terminal) against the real server. */
class ScriptedShellTest {

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private static ShellRun shell(TestServer server) throws Exception {
        return ShellRun.start(server.connect());
    }

    @Test
    void logsInRunsCommandsAndLogsOutWhenInputEnds() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.input.type("whoelse");
            shell.input.type("ATU");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).isEqualTo("Username: Password: Welcome to Parley, yoda!\n"
                    + "no other active user\n"
                    + "no other active user\n"
                    + "Bye, yoda!\n");
        }
    }

    @Test
    void aHistoryOfManyPagesIsPrintedInFull() throws Exception {
        TestServer server = SERVERS.start();
        List<String> expected = new ArrayList<>();
        String since;
        try (ParleyClient luke = server.login("luke", "force")) {
            List<CompletableFuture<Response.BroadcastSent>> sent = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // about 10 KB of JSON each (3 bytes for the tick, 2 for the escaped quote): six to a
                // frame, so ten pages
                String text = "#" + i + " " + "\u2713\"".repeat(1990);
                texts.add(text);
                sent.add(luke.broadcast(text));
            }
            for (int i = 0; i < texts.size(); i++) {
                Response.BroadcastSent confirmed = sent.get(i).get(20, TimeUnit.SECONDS);
                expected.add("#" + confirmed.number() + "; luke: " + texts.get(i) + " at "
                        + Timestamps.format(confirmed.at(), TestServer.ZONE) + ".");
            }
            since = Timestamps.format(sent.get(0).get().at() - 1000, TestServer.ZONE);
        }
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.input.type("RDM b " + since);
            shell.input.type("RDM s " + since);
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            List<String> lines = List.of(shell.output().split("\n"));
            assertThat(lines.get(0)).isEqualTo("Username: Password: Welcome to Parley, yoda!");
            assertThat(lines.get(1)).isEqualTo("Messages in broadcast since " + since + ":");
            assertThat(lines.subList(2, lines.size() - 2)).containsExactlyElementsOf(expected);
            assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly("no new message", "Bye, yoda!");
        }
    }

    @Test
    void aWrongPasswordIsAskedAgain() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("sith");
            shell.input.type("jedi");
            shell.input.type("OUT");

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).isEqualTo("Username: Password: Invalid Password. Please try again\n"
                    + "Password: Welcome to Parley, yoda!\n"
                    + "Bye, yoda!\n");
        }
    }

    @Test
    void theBlockingFailureEndsTheClientWithAFailureStatus() throws Exception {
        TestServer server = SERVERS.start(s -> s.withLockout(3, Duration.ofMinutes(5)));
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("a");
            shell.input.type("b");
            shell.input.type("c");

            assertThat(shell.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(shell.output()).isEqualTo("Username: Password: Invalid Password. Please try again\n"
                    + "Password: Invalid Password. Please try again\n"
                    + "Password: Invalid Password. Your account has been blocked. Please try again later\n");
        }
        try (ShellRun again = shell(server)) {
            again.input.type("yoda");
            again.input.type("jedi");

            assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(again.output()).isEqualTo("Username: Password: "
                    + "Your account is blocked due to multiple login failures. Please try again later\n");
        }
    }

    @Test
    void aNewUserIsAskedForANewPassword() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("han");
            shell.input.type("solo");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).isEqualTo("Username: This is a new user. Enter a password: "
                    + "Welcome to Parley, han!\nBye, han!\n");
        }
    }

    @Test
    void aUserLoggedInElsewhereIsAskedForThePasswordAndAWrongOneIsJustWrong() throws Exception {
        TestServer server = SERVERS.start();
        try (ParleyClient yoda = server.login("yoda", "jedi"); ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("sith");
            shell.input.end();

            assertThat(shell.exitCode()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
            assertThat(shell.output()).isEqualTo("Username: Password: Invalid Password. Please try again\n"
                    + "Password: \nError. Input ended before the login succeeded\n");
        }
    }

    @Test
    void badInputIsAnsweredLocallyAndServerRefusalsVerbatim() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.input.type("fly away");
            shell.input.type("message luke");
            shell.input.type("bcm");
            shell.input.type("RDM x yesterday");
            shell.input.type("");
            shell.input.type("block yoda");
            shell.input.type("message ghost hi");
            shell.input.type("SRM 9 hello");
            shell.input.type("startprivate luke");
            shell.input.type("UPD luke film.mp4");
            shell.input.type("y");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).isEqualTo("Username: Password: Welcome to Parley, yoda!\n"
                    + "Error. Invalid command 'fly'; type help for the commands, help <command> for one\n"
                    + "Usage: message <user> <text>\n"
                    + "Usage: BCM <text>\n"
                    + "Usage: RDM b|s <ts>, where <ts> is d MMM yyyy HH:mm:ss (e.g. 1 Jun 2022 21:30:04)\n"
                    + "Error. Cannot block self\n"
                    + "Error. Invalid user\n"
                    + "The separate room does not exist\n"
                    + "Error. luke is offline\n"
                    + "Error. film.mp4 does not exist or cannot be read\n"
                    + "Error. No private messaging request to answer\n"
                    + "Bye, yoda!\n");
        }
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.input.type("HELP");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).contains(String.join("\n", CommandCatalog.helpLines()) + "\nBye, yoda!\n");
        }
    }

    @Test
    void helpWithACommandExplainsItAndSlashFormsRunTheirCommand() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.input.type("help /msg");
            shell.input.type("help nope");
            shell.input.type("/WHO");
            shell.input.type("/quit");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).isEqualTo("Username: Password: Welcome to Parley, yoda!\n"
                    + "Usage: message <user> <text>\n"
                    + "Aliases: /message, /msg\n"
                    + "Send a direct message.\n"
                    + "Error. Unknown command 'nope'; type help for the commands\n"
                    + "no other active user\n"
                    + "Bye, yoda!\n");
        }
    }

    @Test
    void eventsArePrintedAsWholeLinesAsTheyArrive() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.awaitEnding("Welcome to Parley, yoda!\n");

            ParleyClient luke = server.login("luke", "force");
            shell.awaitEnding("luke logged in\n");
            luke.message("yoda", "teach me").get(10, TimeUnit.SECONDS);
            shell.awaitEnding("luke: teach me\n");
            luke.broadcast("hello all").get(10, TimeUnit.SECONDS);
            shell.awaitEnding("luke: hello all\n");
            shell.input.type("SRB luke");
            shell.awaitEnding("Separate chat room has been created, room ID: 1, users in this room: yoda, luke\n");
            luke.roomMessage(1, "in here").get(10, TimeUnit.SECONDS);
            shell.awaitEnding("[room 1] luke: in here\n");
            luke.logout().get(10, TimeUnit.SECONDS);
            shell.awaitEnding("luke logged out\n");
            shell.input.type("whoelsesince 60");
            shell.awaitEnding("luke logged out\nluke\n");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).endsWith("luke\nBye, yoda!\n");
        }
    }

    @Test
    void offlineMessagesFollowTheWelcome() throws Exception {
        TestServer server = SERVERS.start();
        try (ParleyClient leia = server.login("leia", "rebel")) {
            assertThat(leia.message("yoda", "help me").get(10, TimeUnit.SECONDS).stored()).isTrue();
        }
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("jedi");
            shell.awaitContaining("leia: help me (sent at ");

            assertThat(shell.output()).matches("(?s)Username: Password: Welcome to Parley, yoda!\n"
                    + "leia: help me \\(sent at \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2}\\)\n.*");
        }
    }

    @Test
    void credentialsGivenUpFrontSkipThePrompts() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = ShellRun.start(server.connect(), Optional.of("yoda"), Optional.of("jedi"))) {
            shell.input.type("whoelse");
            shell.input.end();

            assertThat(shell.exitCode()).isZero();
            assertThat(shell.output()).isEqualTo("Welcome to Parley, yoda!\nno other active user\nBye, yoda!\n");
        }
    }

    @Test
    void aWrongPasswordGivenUpFrontEndsTheClient() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = ShellRun.start(server.connect(), Optional.of("yoda"), Optional.of("sith"))) {
            assertThat(shell.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(shell.output()).isEqualTo("Invalid Password. Please try again\n");
        }
    }

    @Test
    void aScriptRefusedAfterItsPasswordStopsInsteadOfTakingTheNextLineAsAUserName() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.awaitEnding("Password: ");
            try (ParleyClient elsewhere = server.login("yoda", "jedi")) {
                shell.input.type("jedi");
                // without the rule, these would be a new user name and its password
                shell.input.type("luke");
                shell.input.type("force");

                assertThat(shell.exitCode()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
                assertThat(shell.output()).isEqualTo("Username: Password: yoda is already logged in\n"
                        + "Error. The login was refused after the password; a script is not asked for the user"
                        + " name again\n");
            }
        }
    }

    @Test
    void inputEndingAtTheUsernamePromptExitsWithNotLoggedIn() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.end();
            assertThat(shell.exitCode()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
            assertThat(shell.output()).isEqualTo("Username: \nError. Input ended before the login succeeded\n");
        }
    }

    @Test
    void inputEndingAtThePasswordPromptExitsWithNotLoggedIn() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.end();
            assertThat(shell.exitCode()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
            assertThat(shell.output())
                    .isEqualTo("Username: Password: \nError. Input ended before the login succeeded\n");
        }
    }

    @Test
    void inputEndingAfterAWrongPasswordExitsWithNotLoggedIn() throws Exception {
        TestServer server = SERVERS.start();
        try (ShellRun shell = shell(server)) {
            shell.input.type("yoda");
            shell.input.type("sith");
            shell.input.end();
            assertThat(shell.exitCode()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
            assertThat(shell.output()).isEqualTo("Username: Password: Invalid Password. Please try again\n"
                    + "Password: \nError. Input ended before the login succeeded\n");
        }
    }
}
