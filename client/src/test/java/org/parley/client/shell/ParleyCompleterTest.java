package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.junit.jupiter.api.Test;
import org.parley.client.command.CommandCatalog;

class ParleyCompleterTest {

    private final OnlineUsers online = new OnlineUsers();
    private final ParleyCompleter completer = new ParleyCompleter(online);

    private List<String> complete(String... wordsSoFar) {
        List<String> words = List.of(wordsSoFar);
        ParsedLine line = new ParsedLine() {
            public String word() { return words.get(words.size() - 1); }
            public int wordCursor() { return word().length(); }
            public int wordIndex() { return words.size() - 1; }
            public List<String> words() { return words; }
            public String line() { return String.join(" ", words); }
            public int cursor() { return line().length(); }
        };
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, line, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void theFirstWordCompletesFromEveryCommandWord() {
        assertThat(complete("")).containsExactlyElementsOf(CommandCatalog.words())
                .contains("message", "BCM", "ATU", "UPD", "OUT", "whoelsesince");
    }

    @Test
    void userArgumentsCompleteFromTheUsersOnline() {
        online.replaceAll(List.of("luke", "leia"));
        online.add("han");
        online.remove("leia");

        assertThat(complete("message", "")).containsExactly("han", "luke");
        assertThat(complete("BLOCK", "l")).containsExactly("han", "luke");
        assertThat(complete("SRB", "luke", "")).containsExactly("han", "luke");
        assertThat(complete("message", "luke", "")).isEmpty();
        assertThat(complete("broadcast", "")).isEmpty();
        assertThat(complete("nonsense", "")).isEmpty();
    }

    @Test
    void aFreshListReplacesTheOldOne() {
        online.replaceAll(List.of("luke", "leia"));
        online.replaceAll(List.of("han"));
        assertThat(online.snapshot()).containsExactly("han");
    }
}
