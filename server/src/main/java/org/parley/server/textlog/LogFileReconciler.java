package org.parley.server.textlog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.parley.server.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one log file hold exactly the lines the database says it should.
 *
 * <p>The expected content is written to a temporary file beside the log, then compared with the log
 * byte for byte. Because lines are appended only after their records are committed, the only
 * differences a crash can leave are a missing tail and a torn last line, both of which leave the log a
 * byte prefix of the expected content: then the temporary file simply replaces the log (atomic rename,
 * so a crash during recovery leaves either the old or the new file). Any other difference means the
 * file was edited or belongs to another database; it is then kept as {@code <name>.bak-<millis>} before
 * being replaced, so nothing a person wrote is destroyed silently.
 */
final class LogFileReconciler {

    private static final Logger log = LoggerFactory.getLogger(LogFileReconciler.class);

    private LogFileReconciler() {}

    /** {@code writeExpected} receives a writer and writes every expected line to it, in order. */
    static void reconcile(Path file, Consumer<Writer> writeExpected) throws IOException {
        Path expected = OwnerOnly.file(file.resolveSibling(file.getFileName() + ".tmp"));
        try (Writer writer = Files.newBufferedWriter(expected, StandardCharsets.UTF_8)) {
            writeExpected.accept(writer);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(expected);
            throw e.getCause();
        }
        if (!Files.exists(file)) {
            Files.move(expected, file, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        switch (compare(file, expected)) {
            case EQUAL -> {
                Files.delete(expected);
                OwnerOnly.tighten(file);
            }
            case PREFIX -> {
                log.info("{} was behind the database; brought up to date", file.getFileName());
                Files.move(expected, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            case DIVERGENT -> {
                Path backup = backupOf(file);
                log.warn("{} disagreed with the database; kept as {} and rewritten", file.getFileName(),
                        backup.getFileName());
                Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
                OwnerOnly.tighten(backup);
                Files.move(expected, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Moves aside a log that the database has no records for. */
    static Path setAside(Path file) throws IOException {
        Path backup = backupOf(file);
        log.warn("{} belongs to no room in the database; kept as {}", file.getFileName(), backup.getFileName());
        Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
        OwnerOnly.tighten(backup);
        return backup;
    }

    private static Path backupOf(Path file) {
        String base = file.getFileName() + ".bak-" + System.currentTimeMillis();
        Path backup = file.resolveSibling(base);
        for (int i = 1; Files.exists(backup); i++) {
            backup = file.resolveSibling(base + "-" + i);
        }
        return backup;
    }

    private enum Relation { EQUAL, PREFIX, DIVERGENT }

    private static Relation compare(Path actual, Path expected) throws IOException {
        try (InputStream a = new BufferedInputStream(Files.newInputStream(actual));
                InputStream e = new BufferedInputStream(Files.newInputStream(expected))) {
            while (true) {
                int x = a.read();
                int y = e.read();
                if (x < 0) {
                    return y < 0 ? Relation.EQUAL : Relation.PREFIX;
                }
                if (x != y) {
                    return Relation.DIVERGENT;
                }
            }
        }
    }
}
