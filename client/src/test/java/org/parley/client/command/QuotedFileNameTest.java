package org.parley.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UDP/UPD file names with spaces, quoted as a shell quotes them; the saved name must stay safe. */
class QuotedFileNameTest {

    private final CommandParser parser = new CommandParser(ZoneId.of("UTC"));

    private ParseResult parse(String line) {
        return parser.parse(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP hans \"my file.pdf\"", "UDP hans 'my file.pdf'", "UDP hans my\\ file.pdf",
            "UPD hans my' 'file.pdf", "UDP   hans   \"my file.pdf\"  "})
    void aQuotedNameWithASpaceIsOneFile(String line) {
        assertThat(parse(line)).isEqualTo(new ParseResult.Parsed(new Command.Upload("hans", Path.of("my file.pdf"))));
    }

    @Test
    void quotesKeepADirectoryPart() {
        assertThat(parse("UDP hans \"docs/my notes.txt\"")).isEqualTo(
                new ParseResult.Parsed(new Command.Upload("hans", Path.of("docs/my notes.txt"))));
    }

    @Test
    void anUnquotedSpaceStillMeansTwoWords() {
        assertThat(parse("UDP hans my file.pdf")).isEqualTo(new ParseResult.Rejected("Usage: UDP <user> <file>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP hans \"my file.pdf", "UDP hans 'my file.pdf", "UDP hans my\\"})
    void anOpenQuoteIsAClearError(String line) {
        assertThat(parse(line)).isEqualTo(new ParseResult.Rejected(CommandParser.UNCLOSED_QUOTE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP hans \"..\"", "UDP hans 'a\\b'", "UDP hans \"a:b\""})
    void aQuotedNameMustStillBeSafeToSave(String line) {
        assertThat(parse(line)).isEqualTo(new ParseResult.Rejected(CommandParser.INVALID_FILE_NAME));
    }

    @Test
    void shellWordsFollowThePosixRules() {
        assertThat(ShellWords.split("a \"b \\\" c\" 'd \\ e' f\\ g")).contains(List.of("a", "b \" c", "d \\ e", "f g"));
        assertThat(ShellWords.split("  ")).contains(List.of());
        assertThat(ShellWords.split("''")).contains(List.of(""));
    }
}
