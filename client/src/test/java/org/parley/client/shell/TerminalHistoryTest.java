package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history of the terminal console: only command lines, only after the login, and bounded. */
class TerminalHistoryTest {

    @Test
    void onlyCommandLinesAfterTheLoginAreKeptAndTheFileIsBounded(@TempDir Path dir) throws Exception {
        String typed = "yoda\nsecret\none\ntwo\ny\nthree\nfour\n";
        DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream());
        TerminalConsole console = TerminalConsole.on(terminal, new CompletionSources(new OnlineUsers()), false);
        assertThat(console.readLine("Username: ")).isEqualTo("yoda");
        assertThat(console.readPassword("Password: ")).isEqualTo("secret");
        Path file = InputHistory.prepare(dir, "yoda");
        console.useHistory(file, 2);
        assertThat(console.readCommand()).isEqualTo("one");
        assertThat(console.readCommand()).isEqualTo("two");
        // an answer to a question (the paste confirmation) is not a command
        assertThat(console.readLine("Send 2 lines? [y/N] ")).isEqualTo("y");
        assertThat(console.readCommand()).isEqualTo("three");
        assertThat(console.readCommand()).isEqualTo("four");
        console.close();

        List<String> kept = Files.readAllLines(file).stream().map(l -> l.substring(l.indexOf(':') + 1)).toList();
        assertThat(kept).containsExactly("three", "four");
    }
}
