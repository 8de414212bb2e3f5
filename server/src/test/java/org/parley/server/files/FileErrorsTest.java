package org.parley.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FileErrorsTest {

    @Test
    void theCauseIsSaidInWordsNotAsTheBarePath() {
        assertThat(FileErrors.reason(new AccessDeniedException("credentials.txt"))).isEqualTo("permission denied");
        assertThat(FileErrors.reason(new NoSuchFileException("credentials.txt"))).isEqualTo("no such file or directory");
        assertThat(FileErrors.reason(new FileSystemException("credentials.txt", null, "Is a directory")))
                .isEqualTo("Is a directory");
        assertThat(FileErrors.reason(new IOException("disk on fire"))).isEqualTo("disk on fire");
    }
}
