package org.parley.client.shell;

import java.util.List;
import org.jline.utils.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * An interactive terminal through JLine: line editing, history, completion of command words and online
 * users, and lines that arrive while the user types printed above the prompt. Ctrl-C and Ctrl-D end the
 * input, which the shell answers with a clean logout.
 */
public final class TerminalConsole implements Console {

    private static final String COMMAND_PROMPT = "> ";

    private final Terminal terminal;
    private final LineReader reader;
    private final boolean colour;

    private TerminalConsole(Terminal terminal, LineReader reader, boolean colour) {
        this.terminal = terminal;
        this.reader = reader;
        this.colour = colour;
    }

    public static TerminalConsole open(OnlineUsers online, boolean colour) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).build();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("parley")
                    .completer(new ParleyCompleter(online))
                    // JLine's undo keeps a copy of the whole line per keystroke: a 3,900-character line
                    // typed or pasted without bracketed paste held ~30 MB live, and grew the heap to ~1 GB
                    .option(LineReader.Option.DISABLE_UNDO, true)
                    .build();
            return new TerminalConsole(terminal, reader, colour);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    @Override
    public String readCommand() {
        return read(COMMAND_PROMPT, null);
    }

    @Override
    public String readLine(String prompt) {
        return read(prompt, null);
    }

    @Override
    public String readPassword(String prompt) {
        return read(prompt, LineReaderImpl.NULL_MASK);
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

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(String prompt, Character mask) {
        try {
            return reader.readLine(prompt, mask);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }
}
