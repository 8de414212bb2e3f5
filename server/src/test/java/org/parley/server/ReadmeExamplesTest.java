package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README and the docs stand alone: every file they send a reader to is in the repository. */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern EXAMPLE = Pattern.compile("examples/[\\w.-]+");

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    @Test
    void everyLinkedDocumentAndExampleFileExists() throws IOException {
        for (String doc : List.of("README.md", "docs/USER-GUIDE.md", "docs/SECURITY.md", "docs/ARCHITECTURE.md",
                "docs/PROTOCOL.md", "docs/PROTOCOL-UDP.md")) {
            String text = read(doc);
            Path base = ROOT.resolve(doc).getParent();
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                if (!link.group(1).startsWith("http")) {
                    assertThat(base.resolve(link.group(1))).as("%s links to %s", doc, link.group(1)).exists();
                }
            }
            Matcher example = EXAMPLE.matcher(text);
            while (example.find()) {
                assertThat(ROOT.resolve(example.group())).as("%s names %s", doc, example.group()).isRegularFile();
            }
        }
        // the files of the README's walk-through
        assertThat(ROOT.resolve("credentials.txt")).isRegularFile();
        assertThat(read("README.md")).contains("UPD hans README.md");
    }

    @Test
    void noDocumentSendsTheReaderOutsideTheRepository() throws IOException {
        for (String doc : List.of("README.md", "docs/USER-GUIDE.md", "docs/SECURITY.md", "docs/ARCHITECTURE.md",
                "docs/PROTOCOL.md", "docs/PROTOCOL-UDP.md", "docs/FUZZING.md", "BENCHMARKS.md")) {
            assertThat(read(doc)).as(doc).doesNotContain("../shared").doesNotContain("SPEC.md")
                    .doesNotContainPattern("SPEC \\d").doesNotContain("/work/");
        }
    }

    @Test
    void theExampleServerPropertiesAreValidOptions() throws IOException {
        ServerMain main = new ServerMain();
        CommandLine cmd = new CommandLine(main);
        cmd.setDefaultValueProvider(new EnvironmentDefaults(Map.of("PARLEY_CONFIG", "examples/parley-server.properties"),
                ROOT));
        cmd.parseArgs();

        assertThat(main.idleSeconds).isEqualTo(600);
        assertThat(main.port).isEqualTo(12000);
    }
}
