package org.parley.client.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.parley.protocol.Validation;

/**
 * A block of several lines pasted at the prompt (bracketed paste delivers it as one line with newlines).
 * Running each line as a command would be a surprise (a pasted log could log you out), and refusing
 * the whole paste a nuisance, so the rule is: the first line is a message command (
 * {@code message <user>}, {@code private <user>}, {@code SRM <roomID>} or {@code broadcast}/{@code BCM})
 * with its text, and every further line is one more message of the same kind to the same target, sent
 * in order once the user confirms. Blank lines are skipped. Anything else is refused as a whole, with
 * the reason, and nothing is sent. Pure.
 */
public final class PastedBlock {

    public static final String NOT_MESSAGES = "Error. A paste of several lines is sent as messages: start it with"
            + " message <user>, private <user>, SRM <roomID> or broadcast, followed by the first line of text";

    /** What a paste comes to. */
    public sealed interface Outcome {}

    /** One line after all (the rest was blank): run it as if typed. */
    public record Single(String line) implements Outcome {}

    /** The messages to send, in order, after the user answers {@code question} with yes. */
    public record Messages(List<Command> commands, String question) implements Outcome {
        public Messages {
            commands = List.copyOf(commands);
        }
    }

    public record Refused(String message) implements Outcome {}

    private PastedBlock() {}

    /** True when {@code line} holds a line break, as only a paste can. */
    public static boolean isPaste(String line) {
        return line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0;
    }

    public static Outcome parse(String block, CommandParser parser) {
        List<String> lines = new ArrayList<>(Arrays.stream(block.split("\\R")).filter(l -> !l.isBlank()).toList());
        if (lines.isEmpty()) {
            return new Single("");
        }
        if (lines.size() == 1) {
            return new Single(lines.get(0));
        }
        ParseResult first = parser.parse(lines.get(0));
        if (first instanceof ParseResult.Rejected rejected) {
            return new Refused(rejected.message());
        }
        Command command = ((ParseResult.Parsed) first).command();
        List<Command> commands = new ArrayList<>();
        commands.add(command);
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i);
            var problem = Validation.textProblem(text);
            if (problem.isPresent()) {
                return new Refused(problem.get() + " (line " + (i + 1) + " of the paste; nothing was sent)");
            }
            Command next = sameTarget(command, text);
            if (next == null) {
                return new Refused(NOT_MESSAGES);
            }
            commands.add(next);
        }
        return new Messages(commands, question(command, commands.size()));
    }

    /** {@code text} as one more message like {@code first}; null when {@code first} is not a message. */
    private static Command sameTarget(Command first, String text) {
        if (first instanceof Command.Message m) {
            return new Command.Message(m.to(), text);
        }
        if (first instanceof Command.PrivateMessage p) {
            return new Command.PrivateMessage(p.user(), text);
        }
        if (first instanceof Command.RoomMessage r) {
            return new Command.RoomMessage(r.roomId(), text);
        }
        if (first instanceof Command.Broadcast) {
            return new Command.Broadcast(text);
        }
        return null;
    }

    private static String question(Command first, int count) {
        String what;
        if (first instanceof Command.Message m) {
            what = "as messages to " + m.to();
        } else if (first instanceof Command.PrivateMessage p) {
            what = "as private messages to " + p.user();
        } else if (first instanceof Command.RoomMessage r) {
            what = "as messages to room " + r.roomId();
        } else {
            what = "as broadcasts to everyone";
        }
        return "Send " + count + " lines " + what + "? [y/N] ";
    }
}
