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
 * completion. Immutable; look-ups ignore case. Each word also works after a {@code /}, and {@code /msg},
 * {@code /quit} and {@code /who} are aliases of {@code message}, {@code logout} and {@code whoelse}.
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

    /**
     * Slash words people bring from other chat clients, beyond {@code /<any command word>}: lower-case
     * word after the slash to its command.
     */
    private static final Map<String, CommandSpec> SLASH_ONLY = Map.of("msg", MESSAGE, "quit", LOGOUT, "who", WHOELSE);

    private CommandCatalog() {}

    public static List<CommandSpec> all() {
        return ALL;
    }

    /** The command a word names: a command word, {@code /} and a command word, or a slash alias such as {@code /msg}. */
    public static Optional<CommandSpec> find(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (isSlashForm(lower)) {
            String bare = lower.substring(1);
            return Optional.ofNullable(BY_WORD.getOrDefault(bare, SLASH_ONLY.get(bare)));
        }
        return Optional.ofNullable(BY_WORD.get(lower));
    }

    /** The word as its vocabulary spells it ({@code bcm} gives {@code BCM}, {@code /bcm} gives {@code /BCM}). */
    public static String spelling(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (isSlashForm(lower)) {
            return "/" + SPELLING.getOrDefault(lower.substring(1), lower.substring(1));
        }
        return SPELLING.getOrDefault(lower, word);
    }

    /** Every other way to type {@code spec}: its other words, then each word and slash alias after a {@code /}. */
    public static List<String> aliases(CommandSpec spec) {
        List<String> aliases = new ArrayList<>(spec.words().subList(1, spec.words().size()));
        spec.words().forEach(w -> aliases.add("/" + w));
        SLASH_ONLY.entrySet().stream()
                .filter(e -> e.getValue() == spec)
                .map(e -> "/" + e.getKey())
                .sorted()
                .forEach(aliases::add);
        return Collections.unmodifiableList(aliases);
    }

    /** The lines {@code help <command>} prints: usage, aliases and what it does. */
    public static List<String> helpLines(CommandSpec spec) {
        return List.of(spec.usage(spec.words().get(0)),
                "Aliases: " + String.join(", ", aliases(spec)),
                capitalized(spec.description()) + ".");
    }

    /** Every command word, each in its vocabulary's spelling. */
    public static List<String> words() {
        List<String> words = new ArrayList<>();
        ALL.forEach(s -> words.addAll(s.words()));
        return Collections.unmodifiableList(words);
    }

    /** Every command word after a {@code /}, then the slash-only aliases ({@code /msg}, {@code /quit}, {@code /who}). */
    public static List<String> slashWords() {
        List<String> words = new ArrayList<>();
        words().forEach(w -> words.add("/" + w));
        SLASH_ONLY.keySet().stream().sorted().forEach(w -> words.add("/" + w));
        return Collections.unmodifiableList(words);
    }

    /** The width {@code help} fits its table in: the narrowest terminal the client assumes. */
    public static final int HELP_WIDTH = 80;

    /**
     * The lines {@code help} prints: a table whose first column is as wide as the longest form, and
     * whose descriptions wrap under themselves so that no line is wider than {@link #HELP_WIDTH}.
     */
    public static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Commands (command words are case-insensitive):");
        List<String> forms = ALL.stream()
                .map(spec -> spec.words().stream().map(spec::form).collect(Collectors.joining(" | ")))
                .toList();
        int column = forms.stream().mapToInt(String::length).max().orElse(0);
        String indent = " ".repeat(2 + column + 2);
        int room = Math.max(20, HELP_WIDTH - indent.length());
        for (int i = 0; i < ALL.size(); i++) {
            List<String> description = wrap(ALL.get(i).description(), room);
            lines.add("  " + forms.get(i) + " ".repeat(column - forms.get(i).length() + 2) + description.get(0));
            description.subList(1, description.size()).forEach(rest -> lines.add(indent + rest));
        }
        return Collections.unmodifiableList(lines);
    }

    /** {@code text} cut at spaces into lines of at most {@code width} characters (a longer word stays whole). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static boolean isSlashForm(String word) {
        return word.length() > 1 && word.charAt(0) == '/';
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
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
