package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.parley.client.command.Command;
import org.parley.protocol.Event;

/**
 * A private-chat question the server says has expired, or that went with a lost connection, is taken
 * off the screen, and a late answer is told why it cannot count (without asking the server).
 */
class PrivateQuestionExpiryTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<List<String>> pinned = new CopyOnWriteArrayList<>();
    private final Console console = new Console() {
        public String readCommand() { return null; }
        public String readLine(String prompt) { return null; }
        public String readPassword(String prompt) { return null; }
        public void println(String line) { lines.add(line); }
        @Override public void status(List<String> shown) { pinned.add(List.copyOf(shown)); }
        public void close() {}
    };
    private final ShellOutput output = new ShellOutput(console);
    // no session and no awaiter: nothing here may reach the server
    private final PrivateChat chat = new PrivateChat(null, output, null, new StatusArea(console));

    @Test
    void anExpiredQuestionIsUnpinnedAndALateYesIsToldItExpired() {
        chat.onEvent(new Event.PrivateRequested("yoda"));
        assertThat(pinned.get(pinned.size() - 1)).containsExactly("yoda would like to private message, enter y or n: ");

        chat.onEvent(new Event.PrivateExpired("yoda"));
        assertThat(pinned.get(pinned.size() - 1)).isEmpty();
        chat.answer(new Command.AnswerPrivate(Optional.empty(), true));
        chat.answer(new Command.AnswerPrivate(Optional.empty(), true));

        assertThat(lines).containsExactly("yoda would like to private message, enter y or n: ",
                "The private messaging request from yoda expired",
                "Error. The private messaging request from yoda is no longer open; ask yoda to send it again",
                "Error. No private messaging request to answer");
    }

    @Test
    void questionsGoWithALostConnectionAndANamedLateAnswerIsToldSo() {
        chat.onEvent(new Event.PrivateRequested("leia"));
        chat.onEvent(new Event.PrivateRequested("luke"));
        chat.serverLost();
        assertThat(pinned.get(pinned.size() - 1)).isEmpty();

        chat.answer(new Command.AnswerPrivate(Optional.of("leia"), false));
        assertThat(lines).endsWith("The private messaging request from leia was withdrawn with the connection",
                "The private messaging request from luke was withdrawn with the connection",
                "Error. The private messaging request from leia is no longer open; ask leia to send it again");
    }

    @Test
    void anExpiryForAQuestionAlreadyAnsweredSaysNothing() {
        chat.onEvent(new Event.PrivateExpired("vader"));
        assertThat(lines).isEmpty();
    }
}
