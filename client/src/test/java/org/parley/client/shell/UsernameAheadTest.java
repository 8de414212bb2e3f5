package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Username prompt asked while the connection is made: its answer, its cancellation, the end of input. */
@Timeout(20) // a read that is never ended would hang the test instead of failing it
class UsernameAheadTest {

    private final PipedOutputStream keys = new PipedOutputStream();
    private final TerminalConsole console;

    UsernameAheadTest() throws IOException {
        DumbTerminal terminal = new DumbTerminal(new PipedInputStream(keys, 4096), new ByteArrayOutputStream());
        console = TerminalConsole.on(terminal, new CompletionSources(new OnlineUsers()), false);
    }

    @AfterEach
    void close() {
        console.close();
    }

    private void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    @Test
    void theEarlyAnswerIsTheFirstUsernamePromptsAndOnlyThatOne() throws Exception {
        UsernameAhead ahead = UsernameAhead.ask(console);
        type("yoda\n");
        Console session = ahead.console();
        assertThat(session.readLine(LoginFlow.USERNAME_PROMPT)).isEqualTo("yoda");
        // a refused login asks again: that prompt is read from the terminal
        type("hans\n");
        assertThat(session.readLine(LoginFlow.USERNAME_PROMPT)).isEqualTo("hans");
    }

    @Test
    void theLoginWaitsForANameStillBeingTyped() throws Exception {
        UsernameAhead ahead = UsernameAhead.ask(console);
        CompletableFuture<String> login = CompletableFuture.supplyAsync(
                () -> ahead.console().readLine(LoginFlow.USERNAME_PROMPT));
        type("yo");
        assertThat(login).isNotDone();
        type("da\n");
        assertThat(login.get(5, TimeUnit.SECONDS)).isEqualTo("yoda");
    }

    @Test
    void cancellingEndsTheReadWithoutAnAnswerAndTheConsoleReadsOnAfterwards() throws Exception {
        UsernameAhead ahead = UsernameAhead.ask(console);
        ahead.cancel();
        assertThat(ahead.console().readLine(LoginFlow.USERNAME_PROMPT)).isNull();
        // the cancellation was for that read only
        type("next\n");
        assertThat(console.readLine("? ")).isEqualTo("next");
    }

    @Test
    void aCancelThatComesBeforeTheReadStartedStillEndsIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            UsernameAhead ahead = UsernameAhead.ask(console);
            ahead.cancel(); // at once: the reading thread may not have reached JLine yet
            assertThat(ahead.console().readLine(LoginFlow.USERNAME_PROMPT)).as("round " + i).isNull();
        }
    }

    @Test
    void theEndOfInputAtThePromptEndsTheWaitForTheConnection() throws Exception {
        UsernameAhead ahead = UsernameAhead.ask(console);
        CompletableFuture<Object> connecting = new CompletableFuture<>();
        ahead.endsTheWaitFor(connecting);
        keys.close();
        await().atMost(Duration.ofSeconds(5)).until(connecting::isDone);
        assertThat(connecting).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(UsernameAhead.InputEnded.class)
                .withMessage(LoginFlow.INPUT_ENDED);
    }

    @Test
    void aNameTypedInTimeLeavesTheConnectionAlone() throws Exception {
        UsernameAhead ahead = UsernameAhead.ask(console);
        CompletableFuture<Object> connecting = new CompletableFuture<>();
        ahead.endsTheWaitFor(connecting);
        type("yoda\n");
        assertThat(ahead.console().readLine(LoginFlow.USERNAME_PROMPT)).isEqualTo("yoda");
        assertThat(connecting).isNotDone();
    }
}
