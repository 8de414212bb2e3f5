package org.parley.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.LogCapture;

class OwnerOnlyTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aNewFileIsOwnerOnlyWhateverTheUmask() throws IOException {
        Path file = OwnerOnly.file(dir.resolve("userlog.txt"));

        assertThat(file).exists().isEmptyFile();
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    @Test
    void anExistingFileReadableByOthersIsTightenedWithAWarningAndKeepsItsContent() throws IOException {
        Path file = Files.writeString(dir.resolve("messagelog.txt"), "1; 1 Jun 2022 21:39:04; yoda; hi\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        try (LogCapture logs = new LogCapture()) {
            OwnerOnly.file(file);

            assertThat(logs.at(Level.WARN)).singleElement().extracting(LogCapture::describe).asString()
                    .contains(file.toString()).contains("rw-rw-r--").contains("rw-------");
        }
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(file).hasContent("1; 1 Jun 2022 21:39:04; yoda; hi");
    }

    @Test
    void anOwnerOnlyFileIsLeftAloneAndNothingIsSaid() throws IOException {
        Path file = Files.createFile(dir.resolve("parley.db"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r--------")));

        try (LogCapture logs = new LogCapture()) {
            assertThat(OwnerOnly.tighten(file)).isFalse();
            assertThat(logs.at(Level.WARN)).isEmpty();
        }
        // tightening never widens: the owner does not gain the write it did not have
        assertThat(permissions(file)).isEqualTo("r--------");
    }

    @Test
    void thePrivateDirectoryIsCreatedOwnerOnlyWithItsParents() throws IOException {
        Path data = OwnerOnly.privateDirectory(dir.resolve("srv/data"));

        assertThat(data).isDirectory();
        assertThat(permissions(data)).isEqualTo("rwx------");
    }

    @Test
    void anExistingPrivateDirectoryOpenToOthersIsTightened() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        OwnerOnly.privateDirectory(data);

        assertThat(permissions(data)).isEqualTo("rwx------");
    }

    @Test
    void anExistingLogDirectoryIsTheOperatorsAndIsLeftAsItIs() throws IOException {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));

        OwnerOnly.createdDirectory(logs);
        Path created = OwnerOnly.createdDirectory(dir.resolve("new-logs"));

        assertThat(permissions(logs)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(created)).isEqualTo("rwx------");
    }

    @Test
    void aTemporaryFileBesideATargetIsOwnerOnlyAndInTheSameDirectory() throws IOException {
        Path target = dir.resolve("credentials.txt");

        Path temporary = OwnerOnly.tempFileBeside(target);

        assertThat(temporary.getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(temporary.getFileName().toString()).startsWith(".credentials.txt.").endsWith(".tmp");
        assertThat(permissions(temporary)).isEqualTo("rw-------");
    }
}
