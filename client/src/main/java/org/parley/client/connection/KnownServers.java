package org.parley.client.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.tls.Fingerprint;
import org.parley.tls.OwnerOnlyFiles;

/**
 * The servers this user has connected to, like SSH's {@code known_hosts}: one line per server,
 * {@code host:port SHA256:...}, in an owner-only file. A server with a self-signed certificate is
 * remembered at its first connection and must present the same certificate from then on.
 *
 * <p>Thread-safe: every method reads the file afresh under this object's lock, so clients of one
 * process share it, and a line another process added is seen at the next connection.
 */
public final class KnownServers {

    private final Path file;

    public KnownServers(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** {@code ~/.parley/known_servers}, from the {@code user.home} system property. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".parley", "known_servers");
    }

    public Path file() {
        return file;
    }

    /** The fingerprint remembered for {@code server} ({@code host:port}), if any. */
    public synchronized Optional<Fingerprint> lookup(String server) {
        for (String line : lines()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2 && fields[0].equals(server)) {
                try {
                    return Optional.of(Fingerprint.parse(fields[1]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(file + " has an unreadable line for " + server + ": " + line, e);
                }
            }
        }
        return Optional.empty();
    }

    /** Remembers {@code fingerprint} for {@code server}; other lines (and comments) are kept as they were. */
    public synchronized void remember(String server, Fingerprint fingerprint) {
        List<String> kept = new ArrayList<>();
        for (String line : lines()) {
            if (!line.strip().startsWith(server + " ")) {
                kept.add(line);
            }
        }
        kept.add(server + " " + fingerprint);
        try {
            OwnerOnlyFiles.writeAtomically(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
