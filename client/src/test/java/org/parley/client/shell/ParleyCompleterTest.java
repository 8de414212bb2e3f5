package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.command.CommandCatalog;

class ParleyCompleterTest {

    private final OnlineUsers online = new OnlineUsers();
    private final CompletionSources sources = new CompletionSources(online);
    private final ParleyCompleter completer = new ParleyCompleter(sources);

    private List<String> complete(String... wordsSoFar) {
        return complete(null, wordsSoFar);
    }

    private List<String> complete(LineReader reader, String... wordsSoFar) {
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
        completer.complete(reader, line, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void theFirstWordCompletesFromEveryCommandWord() {
        assertThat(complete("")).containsExactlyElementsOf(CommandCatalog.words())
                .contains("message", "BCM", "ATU", "UPD", "OUT", "whoelsesince");
    }

    @Test
    void aSlashOffersTheSlashFormsAndAliases() {
        assertThat(complete("/")).contains("/message", "/BCM", "/msg", "/quit", "/who").doesNotContain("message");
    }

    @Test
    void userArgumentsCompleteFromTheUsersOnline() {
        online.replaceAll(List.of("luke", "leia"));
        online.add("han");
        online.remove("leia");

        assertThat(complete("message", "")).containsExactly("han", "luke");
        assertThat(complete("BLOCK", "l")).containsExactly("han", "luke");
        assertThat(complete("message", "luke", "")).isEmpty();
        assertThat(complete("broadcast", "")).isEmpty();
        assertThat(complete("nonsense", "")).isEmpty();
    }

    @Test
    void srbNeverOffersAUserTwice() {
        online.replaceAll(List.of("han", "leia", "luke"));
        assertThat(complete("SRB", "")).containsExactly("han", "leia", "luke");
        assertThat(complete("SRB", "luke", "")).containsExactly("han", "leia");
        assertThat(complete("srb", "LUKE", "han", "")).containsExactly("leia");
    }

    @Test
    void privateAndStopPrivateOfferOnlyLinkedUsers() {
        online.replaceAll(List.of("han", "leia", "luke"));
        sources.linkedFrom(() -> Set.of("leia"));
        assertThat(complete("private", "")).containsExactly("leia");
        assertThat(complete("stopprivate", "")).containsExactly("leia");
        assertThat(complete("startprivate", "")).containsExactly("han", "leia", "luke");
    }

    @Test
    void srmOffersTheRoomsTheUserIsIn() {
        assertThat(complete("SRM", "")).isEmpty();
        sources.roomJoined(2);
        sources.roomJoined(10);
        assertThat(complete("SRM", "")).containsExactly("2", "10");
        assertThat(complete("SRM", "2", "")).isEmpty();
    }

    @Test
    void rdmOffersItsTwoKinds() {
        assertThat(complete("RDM", "")).containsExactly("b", "s");
        assertThat(complete("RDM", "b", "")).isEmpty();
    }

    @Test
    void helpOffersCommandWords() {
        assertThat(complete("help", "")).containsExactlyElementsOf(CommandCatalog.words());
    }

    @Test
    void uploadsCompleteTheUserThenAFilePath(@TempDir Path dir) throws Exception {
        online.replaceAll(List.of("hans"));
        Files.writeString(dir.resolve("notes.pdf"), "x");
        Files.writeString(dir.resolve("my file.pdf"), "x");
        Files.createDirectory(dir.resolve("sub"));
        try (Terminal terminal = new DumbTerminal(new java.io.ByteArrayInputStream(new byte[0]),
                new java.io.ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            String prefix = dir + "/";
            assertThat(complete(reader, "UPD", "")).containsExactly("hans");
            // the value is the bare path: JLine quotes it as it inserts it (my\\ file.pdf)
            assertThat(complete(reader, "UDP", "hans", prefix))
                    .contains(prefix + "notes.pdf", prefix + "my file.pdf", prefix + "sub/");
            assertThat(complete(reader, "UDP", "hans", prefix + "no"))
                    .contains(prefix + "notes.pdf");
        }
    }

    @Test
    void aFreshListReplacesTheOldOne() {
        online.replaceAll(List.of("luke", "leia"));
        online.replaceAll(List.of("han"));
        assertThat(online.snapshot()).containsExactly("han");
    }
}
