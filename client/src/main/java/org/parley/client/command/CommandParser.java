package org.parley.client.command;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Limits;
import org.parley.protocol.Timestamps;
import org.parley.protocol.Validation;

/**
 * Turns a typed line into a {@link Command}, answering wrong arguments locally (SPEC 3): a usage line
 * for that command as the user spelled it, or the specific {@link Validation} error. Pure and
 * thread-safe; timestamps are read in the server's zone (SPEC 4.4).
 */
public final class CommandParser {

    public static final String INVALID_COMMAND = "Error. Invalid command";
    /** Ends every invalid-command line: where to look next. */
    public static final String HELP_HINT = "; type help for the commands, help <command> for one";
    public static final String UNKNOWN_COMMAND = "Error. Unknown command";
    public static final String INVALID_USER = "Error. Invalid user";
    public static final String INVALID_FILE_NAME = "Error. Invalid file name";
    public static final String UNCLOSED_QUOTE = "Error. A quote in the file name is not closed (quote as in a shell:"
            + " \"my file.pdf\", 'my file.pdf' or my\\ file.pdf)";

    private static final int MAX_ECHOED_WORD = 40;

    private final ZoneId zone;

    public CommandParser(ZoneId zone) {
        this.zone = zone;
    }

    public ParseResult parse(String line) {
        String trimmed = line == null ? "" : line.strip();
        if (trimmed.isEmpty()) {
            return rejected(INVALID_COMMAND + HELP_HINT);
        }
        String[] head = trimmed.split("\\s+", 2);
        String word = head[0];
        String rest = head.length > 1 ? head[1] : "";
        Optional<CommandSpec> found = CommandCatalog.find(word);
        if (found.isEmpty()) {
            return rejected(INVALID_COMMAND + named(word) + HELP_HINT);
        }
        return parse(found.get(), new Args(found.get().usage(CommandCatalog.spelling(word)), rest));
    }

    private ParseResult parse(CommandSpec spec, Args args) {
        if (spec == CommandCatalog.MESSAGE) {
            return userAndText(args, Command.Message::new);
        }
        if (spec == CommandCatalog.BROADCAST) {
            return withText(args.rest, args, Command.Broadcast::new);
        }
        if (spec == CommandCatalog.WHOELSE) {
            return noArguments(args, new Command.WhoElse());
        }
        if (spec == CommandCatalog.ACTIVE_USERS) {
            return noArguments(args, new Command.ActiveUsers());
        }
        if (spec == CommandCatalog.WHOELSE_SINCE) {
            return whoElseSince(args);
        }
        if (spec == CommandCatalog.BLOCK) {
            return oneUser(args, Command.Block::new);
        }
        if (spec == CommandCatalog.UNBLOCK) {
            return oneUser(args, Command.Unblock::new);
        }
        if (spec == CommandCatalog.BUILD_ROOM) {
            return buildRoom(args);
        }
        if (spec == CommandCatalog.ROOM_MESSAGE) {
            return roomMessage(args);
        }
        if (spec == CommandCatalog.READ_HISTORY) {
            return readHistory(args);
        }
        if (spec == CommandCatalog.START_PRIVATE) {
            return oneUser(args, Command.StartPrivate::new);
        }
        if (spec == CommandCatalog.PRIVATE) {
            return userAndText(args, Command.PrivateMessage::new);
        }
        if (spec == CommandCatalog.STOP_PRIVATE) {
            return oneUser(args, Command.StopPrivate::new);
        }
        if (spec == CommandCatalog.UPLOAD) {
            return upload(args);
        }
        if (spec == CommandCatalog.YES) {
            return noArguments(args, new Command.AnswerPrivate(Optional.empty(), true));
        }
        if (spec == CommandCatalog.NO) {
            return noArguments(args, new Command.AnswerPrivate(Optional.empty(), false));
        }
        if (spec == CommandCatalog.ACCEPT) {
            return oneUser(args, u -> new Command.AnswerPrivate(Optional.of(u), true));
        }
        if (spec == CommandCatalog.DECLINE) {
            return oneUser(args, u -> new Command.AnswerPrivate(Optional.of(u), false));
        }
        if (spec == CommandCatalog.LOGOUT) {
            return noArguments(args, new Command.Logout());
        }
        return help(args.rest);
    }

    /** Asking for help is never answered with a usage error: an unknown topic is said to be unknown. */
    private ParseResult help(String topic) {
        if (topic.isEmpty()) {
            return parsed(new Command.Help());
        }
        Optional<CommandSpec> spec = CommandCatalog.find(topic);
        return spec.<ParseResult>map(s -> parsed(new Command.Help(Optional.of(s))))
                .orElseGet(() -> rejected(UNKNOWN_COMMAND + named(topic) + "; type help for the commands"));
    }

    /** The word quoted for an error line, unless echoing it could move the cursor or flood the screen. */
    private static String named(String word) {
        if (word.length() > MAX_ECHOED_WORD || Validation.textProblem(word).isPresent()) {
            return "";
        }
        return " '" + word + "'";
    }

    private ParseResult noArguments(Args args, Command command) {
        return args.rest.isEmpty() ? parsed(command) : args.usage();
    }

    private ParseResult oneUser(Args args, Function<String, Command> make) {
        List<String> words = args.words();
        if (words.size() != 1) {
            return args.usage();
        }
        return user(words.get(0)) ? parsed(make.apply(words.get(0))) : rejected(INVALID_USER);
    }

    private ParseResult userAndText(Args args, BiFunction<String, String, Command> make) {
        String[] parts = args.rest.split("\\s+", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
            return args.usage();
        }
        if (!user(parts[0])) {
            return rejected(INVALID_USER);
        }
        return withText(parts[1], args, text -> make.apply(parts[0], text));
    }

    private ParseResult whoElseSince(Args args) {
        List<String> words = args.words();
        if (words.size() != 1 || !words.get(0).matches("\\d{1,18}")) {
            return args.usage();
        }
        return parsed(new Command.WhoElseSince(Long.parseLong(words.get(0))));
    }

    private ParseResult buildRoom(Args args) {
        List<String> users = args.words();
        if (users.isEmpty()) {
            return args.usage();
        }
        if (users.size() > Limits.MAX_ROOM_USERS) {
            return rejected("Error. A separate room has at most " + Limits.MAX_ROOM_USERS + " users");
        }
        if (!users.stream().allMatch(this::user)) {
            return rejected(INVALID_USER);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String u : users) {
            if (!seen.add(u)) {
                return rejected("Error. " + u + " is named more than once");
            }
        }
        return parsed(new Command.BuildRoom(users));
    }

    private ParseResult roomMessage(Args args) {
        String[] parts = args.rest.split("\\s+", 2);
        if (parts.length < 2 || !parts[0].matches("\\d{1,18}") || Long.parseLong(parts[0]) == 0) {
            return args.usage();
        }
        long roomId = Long.parseLong(parts[0]);
        return withText(parts[1], args, text -> new Command.RoomMessage(roomId, text));
    }

    private ParseResult readHistory(Args args) {
        String usage = args.usageLine + ", where <ts> is " + Timestamps.EXPECTED_FORM;
        String[] parts = args.rest.split("\\s+", 2);
        if (parts.length < 2) {
            return rejected(usage);
        }
        HistoryKind kind;
        switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "b" -> kind = HistoryKind.BROADCAST;
            case "s" -> kind = HistoryKind.ROOMS;
            default -> {
                return rejected(usage);
            }
        }
        Optional<Instant> since = Timestamps.parse(parts[1], zone);
        return since.<ParseResult>map(s -> parsed(new Command.ReadHistory(kind, s))).orElseGet(() -> rejected(usage));
    }

    /**
     * UDP/UPD: the file name is quoted as in a shell ({@code "my file.pdf"}, {@code 'my file.pdf'},
     * {@code my\ file.pdf}); the name the audience saves is still checked by {@link Validation#isSafeFileName}.
     */
    private ParseResult upload(Args args) {
        Optional<List<String>> split = ShellWords.split(args.rest);
        if (split.isEmpty()) {
            return rejected(UNCLOSED_QUOTE);
        }
        List<String> words = split.get();
        if (words.size() != 2) {
            return args.usage();
        }
        if (!user(words.get(0))) {
            return rejected(INVALID_USER);
        }
        try {
            Path file = Path.of(words.get(1));
            if (file.getFileName() == null || Validation.hasControlCharacter(words.get(1))) {
                return args.usage();
            }
            // the base name is what the server and the audience see: refuse here what they would refuse
            if (!Validation.isSafeFileName(file.getFileName().toString())) {
                return rejected(INVALID_FILE_NAME);
            }
            return parsed(new Command.Upload(words.get(0), file));
        } catch (InvalidPathException e) {
            return rejected("Error. Invalid file name: " + words.get(1));
        }
    }

    /** A missing text is a usage error; a text the server would refuse is refused here with its reason. */
    private ParseResult withText(String text, Args args, Function<String, Command> make) {
        if (text.isBlank()) {
            return args.usage();
        }
        return Validation.textProblem(text).map(CommandParser::rejected).orElseGet(() -> parsed(make.apply(text)));
    }

    private boolean user(String name) {
        return Validation.isValidUsername(name);
    }

    private static ParseResult parsed(Command command) {
        return new ParseResult.Parsed(command);
    }

    private static ParseResult rejected(String message) {
        return new ParseResult.Rejected(message);
    }

    /** The arguments after the command word, and the usage line for the word as typed. */
    private static final class Args {
        final String usageLine;
        final String rest;

        Args(String usageLine, String rest) {
            this.usageLine = usageLine;
            this.rest = rest;
        }

        List<String> words() {
            return rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
        }

        ParseResult usage() {
            return rejected(usageLine);
        }
    }
}
