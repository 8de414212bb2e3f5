package org.parley.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestTest {
    @TempDir
    Path tmp;

    @Test
    void matchesKnownSha256Vectors() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty"));
        Path abc = Files.writeString(tmp.resolve("abc"), "abc", StandardCharsets.US_ASCII);

        assertThat(FileDigest.sha256Hex(empty))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(FileDigest.sha256Hex(abc))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
