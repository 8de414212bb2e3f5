package org.parley.client.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;
import org.jline.utils.Status;
import org.parley.client.format.StyledLine;

/**
 * An interactive terminal through JLine: line editing, completion ({@link ParleyCompleter}), lines that
 * arrive while the user types printed above the prompt, and bracketed paste (a pasted block arrives as
 * one line with newlines in it, which the shell splits). Ctrl-C clears the line being typed, as in a
 * shell; Ctrl-D on an empty line ends the input, which the shell answers with a clean logout.
 *
 * <p>History is off while the login prompts are read, so neither the user name nor the password is
 * ever recorded; after the login {@link #useHistory} loads the user's own history file.
 *
 * <p>Threads: one thread reads; {@link #println}, {@link #status} and {@link #bell} may be called from
 * any thread (JLine serialises printing above the prompt).
 */
public final class TerminalConsole implements Console {

    private static final String COMMAND_PROMPT = "> ";
    /** What a terminal that reports no width (some CI and serial consoles) is taken to be. */
    static final int FALLBACK_COLUMNS = 80;
    static final int FALLBACK_ROWS = 24;

    private final Terminal terminal;
    private final LineReader reader;
    private final boolean colour;
    /** Set by {@link #cancelRead} before it interrupts the reading thread, which then clears it. */
    private volatile boolean cancelled;
    /** Set once the user's history file is loaded; only the reading thread reads it. */
    private volatile boolean historyOn;

    private TerminalConsole(Terminal terminal, LineReader reader, boolean colour) {
        this.terminal = terminal;
        this.reader = reader;
        this.colour = colour;
    }

    public static TerminalConsole open(CompletionSources sources, boolean colour) {
        return on(openSystemTerminal(), sources, colour);
    }

    /** The process's own terminal, not yet a console: the slow half of {@link #open}, see {@link TerminalOpening}. */
    static Terminal openSystemTerminal() {
        try {
            return systemTerminal();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    /**
     * JLine's JNI provider first, alone: left to choose, JLine asks every provider whether the streams
     * are a terminal, and the exec provider's answer forks {@code test -t 1} at every start. Where JNI
     * cannot be loaded, JLine's own choice (exec, or a dumb terminal) as before.
     */
    private static Terminal systemTerminal() throws IOException {
        try {
            return TerminalBuilder.builder().system(true).provider(TerminalBuilder.PROP_PROVIDER_JNI).dumb(false)
                    .build();
        } catch (IOException | RuntimeException | LinkageError e) {
            return TerminalBuilder.builder().system(true).build();
        }
    }

    /** The console on {@code terminal} (the system's, or a test's). */
    static TerminalConsole on(Terminal terminal, CompletionSources sources, boolean colour) {
        ensureSize(terminal);
        // Ctrl-C while a command runs (between two reads) must not kill the client: outside a read
        // this handler drops it, inside one JLine's own handler turns it into UserInterruptException
        terminal.handle(Terminal.Signal.INT, signal -> { });
        // a resize to zero columns (a console that stops reporting its width) gets the fallback too
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.WINCH, s -> ensureSize(terminal));
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("parley")
                .completer(new ParleyCompleter(sources))
                .variable(LineReader.DISABLE_HISTORY, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.BRACKETED_PASTE, true)
                // a word that matches nothing is left alone: typo correction turned "message x<Tab>"
                // into another user's name and listed unrelated groups of candidates
                .option(LineReader.Option.COMPLETE_MATCHER_TYPO, false)
                // one flat list of candidates: group headings for a single kind of word are noise
                .option(LineReader.Option.GROUP, false)
                .option(LineReader.Option.AUTO_GROUP, false)
                // JLine's undo keeps a copy of the whole line per keystroke: a 3,900-character line
                // typed or pasted without bracketed paste held ~30 MB live, and grew the heap to ~1 GB
                .option(LineReader.Option.DISABLE_UNDO, true)
                .build();
        if (previous != null && previous != Terminal.SignalHandler.SIG_DFL && previous != Terminal.SignalHandler.SIG_IGN) {
            // keep JLine's own redraw on resize, after the size was corrected
            terminal.handle(Terminal.Signal.WINCH, s -> {
                ensureSize(terminal);
                previous.handle(s);
            });
        }
        return new TerminalConsole(terminal, reader, colour);
    }

    /** This console with colour on or off: the same terminal and line reader. Call before the first read. */
    TerminalConsole withColour(boolean on) {
        return on == colour ? this : new TerminalConsole(terminal, reader, on);
    }

    /** A terminal with zero columns renders every prompt as dots: give it a usable size instead. */
    static void ensureSize(Terminal terminal) {
        Size size = terminal.getSize();
        if (size.getColumns() <= 0) {
            terminal.setSize(fallback(size));
        }
    }

    static Size fallback(Size reported) {
        return new Size(FALLBACK_COLUMNS, reported.getRows() > 0 ? reported.getRows() : FALLBACK_ROWS);
    }

    /**
     * From now on lines typed at the command prompt are kept in {@code file} (created owner-only by
     * {@link InputHistory}), and what it already holds is loaded for Up and Ctrl-R.
     */
    @Override
    public void useHistory(Path file, int maxLines) {
        reader.setVariable(LineReader.HISTORY_FILE, file);
        reader.setVariable(LineReader.HISTORY_SIZE, maxLines);
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, maxLines);
        History history = reader.getHistory();
        try {
            history.load();
        } catch (IOException e) {
            println("Error. Cannot read the input history " + file + ": " + e.getMessage());
        }
        historyOn = true;
    }

    @Override
    public String readCommand() {
        return read(COMMAND_PROMPT, null, true);
    }

    @Override
    public String readLine(String prompt) {
        return read(prompt, null, false);
    }

    @Override
    public String readPassword(String prompt) {
        return read(prompt, LineReaderImpl.NULL_MASK, false);
    }

    @Override
    public void println(String line) {
        if (colour && line.startsWith("Error")) {
            reader.printAbove(new AttributedString(line, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)));
        } else {
            reader.printAbove(line);
        }
    }

    @Override
    public void println(StyledLine line) {
        if (!colour) {
            reader.printAbove(line.plain());
            return;
        }
        AttributedStringBuilder styled = new AttributedStringBuilder();
        for (StyledLine.Part part : line.parts()) {
            styled.append(part.text(), style(part.tone()));
        }
        reader.printAbove(styled.toAttributedString());
    }

    private static AttributedStyle style(StyledLine.Tone tone) {
        return switch (tone) {
            case TIME -> AttributedStyle.DEFAULT.faint();
            case DIRECT -> AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
            case BROADCAST -> AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
            case ROOM -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case PRIVATE -> AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
            case SENDER -> AttributedStyle.BOLD;
            case TEXT -> AttributedStyle.DEFAULT;
        };
    }

    @Override
    public void bell() {
        synchronized (terminal) {
            if (!terminal.puts(InfoCmp.Capability.bell)) {
                terminal.writer().write('\u0007');
            }
            terminal.flush();
        }
    }

    @Override
    public void refusal(String line) {
        if (colour) {
            reader.printAbove(new AttributedString(line, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)));
        } else {
            reader.printAbove(line);
        }
    }

    /** Upload progress in JLine's status area at the bottom of the screen, below the prompt. */
    @Override
    public synchronized void status(List<String> lines) {
        Status status = Status.getStatus(terminal);
        if (status != null) {
            status.update(lines.stream().map(AttributedString::new).toList());
        }
    }

    /** JLine ends a read whose thread is interrupted with the same exception as Ctrl-C; the flag tells them apart. */
    @Override
    public void cancelRead(Thread reading) {
        cancelled = true;
        reading.interrupt();
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            System.err.println("Error. Cannot save the input history: " + e.getMessage());
        }
        try {
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one line; Ctrl-C throws the line away and asks again (at the command prompt and at the login
     * prompts alike), Ctrl-D on an empty line (end of input) gives null, and so does {@link #cancelRead}.
     * {@code command} says whether the line may go into the history.
     */
    private String read(String prompt, Character mask, boolean command) {
        // only command lines are recorded: never the login's user name or password, nor an answer to a question
        reader.setVariable(LineReader.DISABLE_HISTORY, !(command && historyOn));
        while (true) {
            try {
                return reader.readLine(prompt, mask);
            } catch (UserInterruptException e) {
                if (cancelled) {
                    // not Ctrl-C: the read was cancelled (UsernameAhead, when the connection failed meanwhile)
                    cancelled = false;
                    return null;
                }
                // the typed line is dropped; JLine has already moved to a fresh line
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }
}
