package org.parley.client.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits arguments into words the way a POSIX shell does for the cases a file name needs: whitespace
 * separates words; {@code '...'} keeps everything literally; {@code "..."} keeps everything but lets
 * {@code \"} and {@code \\} stand for themselves; outside quotes a backslash makes the next character
 * literal ({@code my\ file.pdf}). No expansion of any kind. Pure.
 */
final class ShellWords {

    private ShellWords() {}

    /** The words, or empty when a quote is left open or the line ends in a lone backslash. */
    static Optional<List<String>> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return Optional.empty();
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (j < line.length() && line.charAt(j) != '"') {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        word.append(line.charAt(j + 1));
                        j += 2;
                    } else {
                        word.append(d);
                        j++;
                    }
                }
                if (j >= line.length()) {
                    return Optional.empty();
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    return Optional.empty();
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return Optional.of(words);
    }
}
