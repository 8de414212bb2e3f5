package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

class TerminalSizeTest {

    @Test
    void zeroColumnsFallBackToEighty() throws Exception {
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
            terminal.setSize(new Size(0, 0));
            TerminalConsole.ensureSize(terminal);
            assertThat(terminal.getSize()).isEqualTo(new Size(80, 24));

            terminal.setSize(new Size(0, 50));
            TerminalConsole.ensureSize(terminal);
            assertThat(terminal.getSize()).isEqualTo(new Size(80, 50));

            terminal.setSize(new Size(132, 40));
            TerminalConsole.ensureSize(terminal);
            assertThat(terminal.getSize()).isEqualTo(new Size(132, 40));
        }
    }
}
