package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputHistoryTest {

    @TempDir
    Path tmp;

    @Test
    void theStateDirectoryFollowsXdgElseTheHomeDirectory() {
        assertThat(InputHistory.directory(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h"))).contains(Path.of("/s/parley"));
        assertThat(InputHistory.directory(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h"))).contains(Path.of("/h/.parley"));
        assertThat(InputHistory.directory(Map.of("HOME", "/h"))).contains(Path.of("/h/.parley"));
    }

    @Test
    void theDirectoryAndFileAreCreatedOwnerOnly() throws Exception {
        Path dir = tmp.resolve("state").resolve("parley");
        Path file = InputHistory.prepare(dir, "yoda");

        assertThat(file).isEqualTo(dir.resolve("history-yoda")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aWiderFileFromBeforeIsTightenedAndKept() throws Exception {
        Path dir = tmp.resolve("parley");
        Files.createDirectories(dir);
        Path file = dir.resolve("history-yoda");
        Files.writeString(file, "1:whoelse\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        InputHistory.prepare(dir, "yoda");

        assertThat(file).hasContent("1:whoelse");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void eachUserHasTheirOwnFileAndNoNameEscapesTheDirectory() {
        Path dir = Path.of("/s/parley");
        assertThat(InputHistory.file(dir, "hans")).isNotEqualTo(InputHistory.file(dir, "yoda"));
        assertThat(InputHistory.file(dir, "../x").getParent()).isEqualTo(dir);
        assertThat(InputHistory.file(dir, "a/b").getFileName().toString()).doesNotContain("/");
    }
}
