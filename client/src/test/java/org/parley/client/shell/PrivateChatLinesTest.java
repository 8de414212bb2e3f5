package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.parley.client.format.ChatLines;

/** How private lines look and ring, and one line for a linked peer's logout told twice. */
class PrivateChatLinesTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicInteger bells = new AtomicInteger();
    private final Console console = new Console() {
        public String readCommand() { return null; }
        public String readLine(String prompt) { return null; }
        public String readPassword(String prompt) { return null; }
        public void println(String line) { lines.add(line); }
        public void bell() { bells.incrementAndGet(); }
        public void close() {}
    };
    private final PrivateChat chat = new PrivateChat(null, new ShellOutput(console), null, null);

    @Test
    void aPrivateMessageOnATerminalShowsItsKindAndRings() {
        chat.present(new ChatLines(ZoneOffset.UTC, Optional.empty(), true), true);
        chat.messageReceived("yoda", "psst");
        assertThat(lines).containsExactly("[private] yoda → you: psst");
        assertThat(bells).hasValue(1);
    }

    @Test
    void aScriptGetsTheReferenceLineAndNoBell() {
        chat.present(new ChatLines(ZoneOffset.UTC, Optional.empty(), false), false);
        chat.messageReceived("yoda", "psst");
        assertThat(lines).containsExactly("yoda(private): psst");
        assertThat(bells).hasValue(0);
    }

    @Test
    void theLinksGoodbyeFirstSilencesTheServersNotice() {
        chat.peerLoggedOut("yoda");
        assertThat(chat.loggedOut("yoda")).isTrue();
        assertThat(lines).containsExactly("yoda logged out, private chat concluding");
        // a later logout after a new login is said again
        chat.loggedIn("yoda");
        assertThat(chat.loggedOut("yoda")).isFalse();
    }
}
