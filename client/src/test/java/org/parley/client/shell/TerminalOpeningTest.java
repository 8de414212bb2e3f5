package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The terminal opened while the arguments are read: taken by the session, or closed unused. */
class TerminalOpeningTest {

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletionSources sources = new CompletionSources(new OnlineUsers());

    private TerminalConsole console(String typed) throws IOException {
        DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream()) {
            @Override
            protected void doClose() throws IOException {
                closed.set(true);
                super.doClose();
            }
        };
        return TerminalConsole.on(terminal, sources, true);
    }

    @Test
    void theSessionGetsTheConsoleOpenedEarlyAndDiscardingAfterwardsLeavesItOpen() throws Exception {
        TerminalOpening opening = TerminalOpening.of(CompletableFuture.completedFuture(console("yoda\n")));
        TerminalConsole taken = opening.console(sources, false);
        opening.discard();
        assertThat(closed).isFalse();
        assertThat(taken.readLine("Username: ")).isEqualTo("yoda");
    }

    @Test
    void aConsoleNoSessionTookIsClosed() throws Exception {
        TerminalOpening opening = TerminalOpening.of(CompletableFuture.completedFuture(console("")));
        opening.discard();
        assertThat(closed).isTrue();
    }

    @Test
    // a discard that waited for the opening would hang here, in a wait no interrupt ends
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void discardingATerminalStillOpeningDoesNotWaitForItAndClosesItWhenItIsDone() throws Exception {
        CompletableFuture<TerminalConsole> slow = new CompletableFuture<>();
        TerminalOpening opening = TerminalOpening.of(slow);
        opening.discard();
        assertThat(closed).isFalse();
        slow.complete(console(""));
        assertThat(closed).isTrue();
    }

    @Test
    void theArgumentsOfAScriptHelpOrTheVersionDoNotOpenTheTerminal() {
        assertThat(TerminalOpening.mayBeWanted(new String[] {"127.0.0.1", "4000"})).isTrue();
        assertThat(TerminalOpening.mayBeWanted(new String[] {"--user", "yoda", "4000"})).isTrue();
        for (String arg : new String[] {"--script", "-h", "--help", "-V", "--version"}) {
            assertThat(TerminalOpening.mayBeWanted(new String[] {"4000", arg})).as(arg).isFalse();
        }
    }
}
