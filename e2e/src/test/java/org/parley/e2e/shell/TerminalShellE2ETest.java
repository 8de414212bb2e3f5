package org.parley.e2e.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.RunningParley;
import org.parley.e2e.harness.TerminalClient;

/**
 * The interactive shell on a real pseudo-terminal: what a person at a terminal sees and types, with the
 * packaged jars. The other user in each test is a scripted client, whose lines are the reference ones.
 */
class TerminalShellE2ETest {

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("yoda jedi", "hans solo");

    private TerminalClient terminal(int columns, int rows, String... args) throws IOException {
        Path state = parley.dir().resolve("state");
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("127.0.0.1");
        all.add(Integer.toString(parley.server().port()));
        return TerminalClient.start(parley.dir(), "yoda-pty", columns, rows,
                Map.of("XDG_STATE_HOME", state.toString()), all);
    }

    private static TerminalClient logIn(TerminalClient yoda) {
        return yoda.awaitText("Username: ").line("yoda").awaitText("Password: ").line("jedi")
                .awaitText("Welcome to Parley, yoda!").awaitText("> ");
    }

    @Test
    void aTerminalThatReportsZeroColumnsStillShowsThePrompts() throws IOException {
        try (TerminalClient yoda = terminal(0, 0)) {
            logIn(yoda);
            yoda.line("whoelse").awaitText("no other active user").awaitText("> ");
            assertThat(yoda.plain()).doesNotContain(">...", "Username:.");
            yoda.keys(TerminalClient.CTRL_D).awaitText("Bye, yoda!");
            assertThat(yoda.awaitExit()).isZero();
        }
    }

    @Test
    void ctrlCClearsTheLineAndCtrlDLeaves() throws IOException {
        ClientProcess hans = parley.login("hans", "solo");
        try (TerminalClient yoda = terminal(100, 30)) {
            logIn(yoda);
            yoda.keys("message hans never sent").awaitText("never sent");
            // the interrupt is a signal, handled apart from the keys: wait for the fresh prompt, as a person would
            yoda.keys(TerminalClient.CTRL_C).awaitText("> ");
            yoda.line("message hans after ctrl-c");
            hans.expect("yoda: after ctrl-c");
            yoda.awaitText("you → hans: after ctrl-c").awaitText("> ");
            assertThat(hans.out().entries()).doesNotContain("yoda: never sent", "yoda: never sentmessage hans after ctrl-c");

            yoda.keys(TerminalClient.CTRL_D).awaitText("Bye, yoda!");
            assertThat(yoda.awaitExit()).isZero();
            hans.expect("yoda logged out");
        }
    }

    @Test
    void messageKindsLookDifferentCarryATimeAndADirectMessageRings() throws IOException {
        ClientProcess hans = parley.login("hans", "solo");
        try (TerminalClient yoda = terminal(100, 30)) {
            logIn(yoda);
            hans.type("message yoda hello there");
            yoda.awaitPattern(Pattern.compile("\\[\\d\\d:\\d\\d] hans → you: hello there"));
            yoda.awaitRaw("\u0007");
            hans.type("BCM hi all");
            yoda.awaitPattern(Pattern.compile("\\[\\d\\d:\\d\\d] \\[broadcast #1] hans: hi all"));
            hans.type("SRB yoda").expect("Separate chat room has been created, room ID: 1, users in this room: hans, yoda");
            hans.type("SRM 1 room hi");
            yoda.awaitPattern(Pattern.compile("\\[\\d\\d:\\d\\d] \\[room 1] hans: room hi"));

            // own lines are echoed in the same look
            yoda.line("message hans back at you");
            yoda.awaitPattern(Pattern.compile("\\[\\d\\d:\\d\\d] you → hans: back at you"));
            hans.expect("yoda: back at you");
            yoda.line("SRM 1 in the room");
            yoda.awaitPattern(Pattern.compile("\\[\\d\\d:\\d\\d] \\[room 1] you: in the room"));
            yoda.awaitText("Separate room message, #2 sent at ");
        }
    }

    @Test
    void noBellAndNoTimeWhenAsked() throws IOException {
        ClientProcess hans = parley.login("hans", "solo");
        try (TerminalClient yoda = terminal(100, 30, "--no-bell", "--time-format", "none")) {
            logIn(yoda);
            hans.type("message yoda quiet please");
            yoda.awaitText("hans → you: quiet please");
            // a later line is printed after any bell the first could have rung
            hans.type("message yoda second");
            yoda.awaitText("hans → you: second");
            assertThat(yoda.plain()).doesNotContainPattern("\\[\\d\\d:\\d\\d] hans");
            assertThat(yoda.raw()).doesNotContain("\u0007");
        }
    }

    @Test
    void aMultiLinePasteIsSentAsMessagesAfterTheUserConfirms() throws IOException {
        ClientProcess hans = parley.login("hans", "solo");
        try (TerminalClient yoda = terminal(100, 30)) {
            logIn(yoda);
            yoda.paste(List.of("message hans one", "two", "three")).keys(TerminalClient.ENTER);
            yoda.awaitText("Send 3 lines as messages to hans? [y/N]");
            yoda.line("y");
            hans.expect("yoda: one").expect("yoda: two").expect("yoda: three");

            yoda.paste(List.of("message hans four", "five")).keys(TerminalClient.ENTER);
            yoda.awaitText("Send 2 lines as messages to hans? [y/N]").line("n").awaitText("Paste not sent");
            yoda.paste(List.of("whoelse", "logout")).keys(TerminalClient.ENTER);
            yoda.awaitText("Error. A paste of several lines is sent as messages");
            yoda.line("message hans end");
            hans.expect("yoda: end");
            assertThat(hans.out().entries()).doesNotContain("yoda: four", "yoda: five");
        }
    }

    @Test
    void tabCompletesCommandsAndUsersIgnoringCaseAndLeavesAMismatchAlone() throws IOException {
        ClientProcess hans = parley.login("hans", "solo");
        try (TerminalClient yoda = terminal(100, 30)) {
            logIn(yoda);
            yoda.line("whoelse").awaitText("hans").awaitText("> ");
            // a word that matches no one is left as typed: no other name, no list of candidate groups
            yoda.keys("message x" + TerminalClient.TAB + "!").awaitText("x!");
            yoda.keys(TerminalClient.CTRL_C).awaitText("> ");
            assertThat(yoda.plain()).doesNotContain("message hans", "others");
            yoda.keys("MESS" + TerminalClient.TAB).awaitText("message ");
            yoda.keys("H" + TerminalClient.TAB).awaitText("hans ");
            yoda.line("completed");
            hans.expect("yoda: completed");
        }
    }

    @Test
    void historyIsKeptPerUserOwnerOnlyWithoutTheLogin() throws IOException {
        Path dir = parley.dir().resolve("state").resolve("parley");
        try (TerminalClient yoda = terminal(100, 30)) {
            logIn(yoda);
            yoda.line("whoelse").awaitText("no other active user").awaitText("> ");
            yoda.keys(TerminalClient.CTRL_D).awaitText("Bye, yoda!");
            assertThat(yoda.awaitExit()).isZero();
        }
        Path file = dir.resolve("history-yoda");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String kept = Files.readString(file);
        assertThat(kept).contains("whoelse").doesNotContain("jedi").doesNotContain("yoda");

        ClientProcess hans = parley.login("hans", "solo");
        try (TerminalClient yoda = terminal(100, 30)) {
            logIn(yoda);
            // Up brings back the last command of the earlier session
            yoda.keys(TerminalClient.UP).keys(TerminalClient.ENTER).awaitText("whoelse").awaitText("hans");
        }
        hans.close();
    }
}
