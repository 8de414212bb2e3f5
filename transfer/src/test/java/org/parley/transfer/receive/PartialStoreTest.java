package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What may be resumed: only a sound sidecar for the same presenter, size and SHA-256, and only once. */
class PartialStoreTest {
    private static final String SHA = "ab".repeat(32);
    private static final String OTHER_SHA = "cd".repeat(32);

    @TempDir
    Path downloads;

    private Path kept(PartialStore store, long prefix) throws IOException {
        Path part = Files.write(downloads.resolve(".parley-x.part"), new byte[100]);
        store.keep(part, "yoda", "f.bin", 100, SHA, prefix);
        return store.directory();
    }

    @Test
    void theSameFileFromTheSamePresenterIsClaimedOnceWithItsPrefix() throws IOException {
        PartialStore store = new PartialStore(downloads);
        kept(store, 60);

        var claimed = store.claim("yoda", "f.bin", 100, SHA, downloads.resolve(".parley-y.part"));
        assertThat(claimed).isPresent();
        assertThat(claimed.get().prefix()).isEqualTo(60);
        assertThat(Files.size(downloads.resolve(".parley-y.part"))).isEqualTo(100);
        assertThat(store.directory()).as("its last partial resumed, the directory goes").doesNotExist();
        assertThat(store.claim("yoda", "f.bin", 100, SHA, downloads.resolve(".parley-z.part"))).isEmpty();
    }

    @Test
    void anotherPresenterOrSizeFindsNothingAndANewVersionDropsTheOld() throws IOException {
        PartialStore store = new PartialStore(downloads);
        kept(store, 60);

        assertThat(store.claim("luke", "f.bin", 100, SHA, downloads.resolve("a"))).isEmpty();
        assertThat(store.claim("yoda", "f.bin", 101, SHA, downloads.resolve("b"))).isEmpty();
        assertThat(store.directory()).as("a different size is another version of f.bin").doesNotExist();
    }

    @Test
    void aSidecarThatPromisesMoreThanThePartHoldsIsRefusedAndRemoved() throws IOException {
        PartialStore store = new PartialStore(downloads);
        Path dir = kept(store, 60);
        Path sidecar;
        try (var files = Files.list(dir)) {
            sidecar = files.filter(p -> p.toString().endsWith(".resume")).findFirst().orElseThrow();
        }
        Files.writeString(sidecar, Files.readString(sidecar).replace("prefix=60", "prefix=1000"));

        assertThat(store.claim("yoda", "f.bin", 100, SHA, downloads.resolve("c"))).isEmpty();
        assertThat(dir).doesNotExist();
    }

    @Test
    void aForeignSidecarIsIgnored() throws IOException {
        PartialStore store = new PartialStore(downloads);
        Path dir = kept(store, 60);
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".resume")).toList()) {
                Files.writeString(p, "something else\nprefix=10\n");
            }
        }
        assertThat(store.claim("yoda", "f.bin", 100, SHA, downloads.resolve("d"))).isEmpty();
        assertThat(store.claim("yoda", "f.bin", 100, OTHER_SHA, downloads.resolve("e"))).isEmpty();
    }

    @Test
    void theKeyIsFixedLengthHexWhateverTheNames() {
        assertThat(PartialStore.key("../../evil", 1, SHA)).matches("[0-9a-f]{32}");
        assertThat(PartialStore.key("yoda", 1, SHA)).isEqualTo(PartialStore.key("yoda", 1, SHA.toUpperCase()));
    }
}
