package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeNameTest {

    @TempDir
    Path dir;

    @Test
    void aFreeNameIsUsedAsIs() throws Exception {
        Path source = Files.writeString(dir.resolve(".part"), "new");

        Path saved = FreeName.moveTo(source, dir.resolve("yoda_big.bin"));

        assertThat(saved).isEqualTo(dir.resolve("yoda_big.bin"));
        assertThat(Files.readString(saved)).isEqualTo("new");
        assertThat(source).doesNotExist();
    }

    @Test
    void takenNamesAreKeptAndTheFirstFreeNumberIsUsed() throws Exception {
        Files.writeString(dir.resolve("yoda_big.bin"), "old");
        Files.writeString(dir.resolve("yoda_big (1).bin"), "older");
        Path source = Files.writeString(dir.resolve(".part"), "new");

        Path saved = FreeName.moveTo(source, dir.resolve("yoda_big.bin"));

        assertThat(saved).isEqualTo(dir.resolve("yoda_big (2).bin"));
        assertThat(Files.readString(saved)).isEqualTo("new");
        assertThat(Files.readString(dir.resolve("yoda_big.bin"))).isEqualTo("old");
        assertThat(Files.readString(dir.resolve("yoda_big (1).bin"))).isEqualTo("older");
        assertThat(source).doesNotExist();
    }

    @Test
    void theNumberGoesBeforeTheExtensionOrAtTheEnd() {
        assertThat(FreeName.withSuffix(dir.resolve("yoda_a.tar.gz"), 3)).isEqualTo(dir.resolve("yoda_a.tar (3).gz"));
        assertThat(FreeName.withSuffix(dir.resolve("yoda_notes"), 1)).isEqualTo(dir.resolve("yoda_notes (1)"));
    }
}
