package org.parley.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.tls.Certificates;
import org.parley.tls.Fingerprint;
import org.parley.tls.OwnerOnlyFiles;

class KnownServersTest {

    @TempDir
    Path dir;

    private static Fingerprint some() {
        return Certificates.selfSigned("x", Duration.ofDays(1)).fingerprint();
    }

    @Test
    void rememberingOneServerKeepsEveryOtherLineAndReplacesOnlyItsOwn() throws Exception {
        Path file = dir.resolve("known_servers");
        Fingerprint other = some();
        Files.writeString(file, "# my servers\nchat.example:12000 " + other + "\n127.0.0.1:4000 " + some() + "\n",
                StandardCharsets.UTF_8);
        KnownServers known = new KnownServers(file);
        Fingerprint now = some();

        known.remember("127.0.0.1:4000", now);

        assertThat(Files.readAllLines(file)).containsExactly("# my servers", "chat.example:12000 " + other,
                "127.0.0.1:4000 " + now);
        assertThat(known.lookup("127.0.0.1:4000")).contains(now);
        assertThat(known.lookup("chat.example:12000")).contains(other);
        assertThat(known.lookup("127.0.0.1:40000")).isEmpty();
        assertThat(OwnerOnlyFiles.isOwnerOnly(file)).isTrue();
    }

    @Test
    void anUnreadableLineForTheServerIsAnErrorNamingTheFileNotAFirstUse() throws Exception {
        Path file = dir.resolve("known_servers");
        Files.writeString(file, "127.0.0.1:4000 SHA256:broken\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new KnownServers(file).lookup("127.0.0.1:4000"))
                .hasMessageContaining(file.toString()).hasMessageContaining("127.0.0.1:4000");
    }
}
