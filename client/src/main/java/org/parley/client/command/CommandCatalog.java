package org.parley.client.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every command word of both vocabularies (SPEC 3), for the parser's usage lines, {@code help}, and tab
 * completion. Immutable; look-ups ignore case.
 */
public final class CommandCatalog {

    public static final CommandSpec MESSAGE = spec("<user> <text>", "send a direct message", true, "message");
    public static final CommandSpec BROADCAST = spec("<text>", "message every online user", false, "broadcast", "BCM");
    public static final CommandSpec WHOELSE = spec("", "list the other online users", false, "whoelse");
    public static final CommandSpec ACTIVE_USERS = spec("", "list the other active users with address, UDP port and since when", false, "ATU");
    public static final CommandSpec WHOELSE_SINCE = spec("<seconds>", "list the users online in the last <seconds> seconds", false, "whoelsesince");
    public static final CommandSpec BLOCK = spec("<user>", "stop receiving anything from <user>", true, "block");
    public static final CommandSpec UNBLOCK = spec("<user>", "undo a block", true, "unblock");
    public static final CommandSpec BUILD_ROOM = spec("<user> [<user> ...]", "build a separate room with these users", true, "SRB");
    public static final CommandSpec ROOM_MESSAGE = spec("<roomID> <text>", "message a separate room", false, "SRM");
    public static final CommandSpec READ_HISTORY = spec("b|s <ts>", "read broadcast (b) or separate room (s) messages after <ts>", false, "RDM");
    public static final CommandSpec START_PRIVATE = spec("<user>", "ask <user> for a private chat", true, "startprivate");
    public static final CommandSpec PRIVATE = spec("<user> <text>", "send a private (peer-to-peer) message", true, "private");
    public static final CommandSpec STOP_PRIVATE = spec("<user>", "end a private chat", true, "stopprivate");
    public static final CommandSpec UPLOAD = spec("<user> <file>", "upload a file to <user> over UDP", true, "UDP", "UPD");
    public static final CommandSpec YES = spec("", "accept the pending private chat request", false, "y");
    public static final CommandSpec NO = spec("", "decline the pending private chat request", false, "n");
    public static final CommandSpec ACCEPT = spec("<user>", "accept <user>'s private chat request", true, "accept");
    public static final CommandSpec DECLINE = spec("<user>", "decline <user>'s private chat request", true, "decline");
    public static final CommandSpec LOGOUT = spec("", "log out", false, "logout", "OUT");
    public static final CommandSpec HELP = spec("", "list the commands", false, "help");

    private static final List<CommandSpec> ALL = List.of(MESSAGE, BROADCAST, WHOELSE, ACTIVE_USERS, WHOELSE_SINCE,
            BLOCK, UNBLOCK, BUILD_ROOM, ROOM_MESSAGE, READ_HISTORY, START_PRIVATE, PRIVATE, STOP_PRIVATE, UPLOAD,
            YES, NO, ACCEPT, DECLINE, LOGOUT, HELP);

    /** Lower-cased word to the spelling its vocabulary uses. */
    private static final Map<String, String> SPELLING = ALL.stream()
            .flatMap(s -> s.words().stream())
            .collect(Collectors.toUnmodifiableMap(w -> w.toLowerCase(Locale.ROOT), w -> w));

    private static final Map<String, CommandSpec> BY_WORD = byWord();

    private CommandCatalog() {}

    public static List<CommandSpec> all() {
        return ALL;
    }

    public static Optional<CommandSpec> find(String word) {
        return Optional.ofNullable(BY_WORD.get(word.toLowerCase(Locale.ROOT)));
    }

    /** The word as its vocabulary spells it ({@code bcm} gives {@code BCM}). */
    public static String spelling(String word) {
        return SPELLING.getOrDefault(word.toLowerCase(Locale.ROOT), word);
    }

    /** Every command word, each in its vocabulary's spelling. */
    public static List<String> words() {
        List<String> words = new ArrayList<>();
        ALL.forEach(s -> words.addAll(s.words()));
        return Collections.unmodifiableList(words);
    }

    /** The lines {@code help} prints. */
    public static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Commands (command words are case-insensitive):");
        for (CommandSpec spec : ALL) {
            String forms = spec.words().stream().map(spec::form).collect(Collectors.joining(" | "));
            lines.add(String.format(Locale.ROOT, "  %-34s %s", forms, spec.description()));
        }
        return Collections.unmodifiableList(lines);
    }

    private static Map<String, CommandSpec> byWord() {
        Map<String, CommandSpec> map = new LinkedHashMap<>();
        for (CommandSpec spec : ALL) {
            for (String word : spec.words()) {
                map.put(word.toLowerCase(Locale.ROOT), spec);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static CommandSpec spec(String arguments, String description, boolean takesUsers, String... words) {
        return new CommandSpec(List.of(words), arguments, description, takesUsers);
    }
}
