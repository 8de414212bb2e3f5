package org.parley.client.command;

import java.util.List;

/**
 * One command of SPEC 3 as the user sees it: its words (first is the main one, the rest aliases, each in
 * the case its vocabulary writes it), the arguments it takes, and what it does.
 */
public record CommandSpec(List<String> words, String arguments, String description, boolean takesUsers) {

    public CommandSpec {
        words = List.copyOf(words);
    }

    /** The usage line for this command as spelled by {@code word} (one of {@link #words()}). */
    public String usage(String word) {
        return "Usage: " + form(word);
    }

    /** {@code word} followed by its arguments, e.g. {@code BCM <text>}. */
    public String form(String word) {
        return arguments.isEmpty() ? word : word + " " + arguments;
    }
}
