package org.parley.client.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.client.format.StyledLine;

/**
 * The {@code Username: } prompt, shown on a terminal while the connection to the server is still being made:
 * the TLS set-up and handshake of a cold client take about as long as the rest of its start together, and the
 * first answer needs nothing from the server. The answer is kept and handed to the login as the answer to its
 * first {@code Username: } prompt ({@link #console()}); a connection that fails meanwhile {@linkplain #cancel()
 * cancels} the prompt, so the error is not printed into a half-typed line.
 *
 * <p>Only for a person at a terminal with no {@code --user}: a script's first line is read by the login as
 * before, in order with its other lines.
 *
 * <p>Threads: the prompt is read on a thread of its own ({@code parley-username}), the only reader of the
 * console until its answer is taken; the console's contract (one reading thread at a time) holds because
 * the login reads again only after {@link #console()}'s first answer, which waits for this thread's.
 */
public final class UsernameAhead {

    private static final long CANCEL_WAIT_SECONDS = 2;

    private final Console console;
    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final Thread reader;

    private UsernameAhead(Console console) {
        this.console = console;
        this.reader = new Thread(this::read, "parley-username");
        reader.setDaemon(true);
    }

    /** Shows the prompt now and reads its answer in the background. */
    public static UsernameAhead ask(Console console) {
        UsernameAhead ahead = new UsernameAhead(console);
        ahead.reader.start();
        return ahead;
    }

    private void read() {
        try {
            answer.complete(console.readLine(LoginFlow.USERNAME_PROMPT));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    /**
     * Makes the end of input at this prompt (Ctrl-D) end the wait for {@code connecting} too, with
     * {@link InputEnded}: a user who leaves while a slow server is still being reached is not kept waiting.
     */
    public void endsTheWaitFor(CompletableFuture<?> connecting) {
        answer.thenAccept(name -> {
            if (name == null) {
                connecting.completeExceptionally(new InputEnded());
            }
        });
    }

    /**
     * Stops the prompt (the connection failed): the console ends the read ({@link Console#cancelRead}), and
     * the reading thread is waited for briefly so that the prompt's line is closed before the caller prints
     * the error.
     */
    public void cancel() {
        console.cancelRead(reader);
        try {
            answer.get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing typed matters any more; the caller reports the failure that cancelled the prompt
        }
    }

    /**
     * The console for the rest of the session: its first {@code Username: } prompt returns the answer given
     * here (waiting for it if it is still being typed), everything else goes to the terminal console.
     */
    public Console console() {
        return new AnsweredOnce();
    }

    /** The input ended at the early prompt before the connection was made; the message is the line to show. */
    public static final class InputEnded extends RuntimeException {
        InputEnded() {
            super(LoginFlow.INPUT_ENDED, null, false, false);
        }
    }

    /** Delegates to the console, except the first Username prompt, which was already asked. */
    private final class AnsweredOnce implements Console {
        /** Only the reading thread touches it. */
        private boolean answered;

        @Override
        public String readLine(String prompt) {
            if (!answered && LoginFlow.USERNAME_PROMPT.equals(prompt)) {
                answered = true;
                try {
                    return answer.join();
                } catch (CompletionException e) {
                    // the terminal failed under the early read: fail as that read would have failed here
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            return console.readLine(prompt);
        }

        @Override
        public String readCommand() {
            return console.readCommand();
        }

        @Override
        public String readPassword(String prompt) {
            return console.readPassword(prompt);
        }

        @Override
        public void println(String line) {
            console.println(line);
        }

        @Override
        public void println(StyledLine line) {
            console.println(line);
        }

        @Override
        public void bell() {
            console.bell();
        }

        @Override
        public void useHistory(Path file, int maxLines) {
            console.useHistory(file, maxLines);
        }

        @Override
        public void refusal(String line) {
            console.refusal(line);
        }

        @Override
        public void error(String line) {
            console.error(line);
        }

        @Override
        public boolean interactive() {
            return console.interactive();
        }

        @Override
        public void status(List<String> lines) {
            console.status(lines);
        }

        @Override
        public void close() {
            console.close();
        }
    }
}
