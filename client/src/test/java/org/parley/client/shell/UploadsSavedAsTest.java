package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UploadsSavedAsTest {

    private final Path work = Path.of("").toAbsolutePath().resolve("work");

    @Test
    void aDownloadInTheWorkingDirectoryIsShownRelativeToIt() {
        assertThat(Uploads.shown(work.resolve("yoda_big (1).bin"), work))
                .isEqualTo("." + work.getFileSystem().getSeparator() + "yoda_big (1).bin");
    }

    @Test
    void aDownloadElsewhereIsShownByItsAbsolutePath() {
        Path elsewhere = work.resolveSibling("downloads").resolve("yoda_big.bin");
        assertThat(Uploads.shown(elsewhere, work)).isEqualTo(elsewhere.toString());
    }
}
