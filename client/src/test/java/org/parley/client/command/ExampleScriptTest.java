package org.parley.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/commands.txt, the script the README pipes into a client, is made of valid commands only. */
class ExampleScriptTest {

    @Test
    void everyLineOfTheReadmesExampleScriptIsACommand() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "examples", "commands.txt"));
        CommandParser parser = new CommandParser(ZoneId.of("UTC"));

        assertThat(lines).isNotEmpty().allSatisfy(line ->
                assertThat(parser.parse(line)).as(line).isInstanceOf(ParseResult.Parsed.class));
        assertThat(parser.parse(lines.get(lines.size() - 1))).as("it ends by logging out")
                .isEqualTo(new ParseResult.Parsed(new Command.Logout()));
    }
}
