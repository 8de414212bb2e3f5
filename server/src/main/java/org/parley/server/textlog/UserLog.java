package org.parley.server.textlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Timestamps;
import org.parley.server.core.ActiveUserLog;
import org.parley.server.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * userlog.txt (SPEC 7.1): exactly the users active now, numbered 1..n in login order. Emptied when
 * the server starts. Each update rewrites the whole file (to a temporary file, then an atomic rename)
 * on this class's own thread, so readers never see a half-written file and the core never waits. The
 * file is owner-only ({@link OwnerOnly}): it says who is online from where.
 */
public final class UserLog implements ActiveUserLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserLog.class);

    private final Path file;
    private final ZoneId zone;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-userlog");
        t.setDaemon(true);
        return t;
    });

    public UserLog(Path logDir, ZoneId zone) {
        this.file = logDir.resolve("userlog.txt");
        this.zone = zone;
        try {
            OwnerOnly.createdDirectory(logDir);
            OwnerOnly.file(file);
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Replaces the file's content with these entries, in this order. */
    @Override
    public void write(List<Entry> entries) {
        writer.execute(() -> rewrite(entries));
    }

    private void rewrite(List<Entry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 48);
        int seq = 1;
        for (Entry e : entries) {
            sb.append(seq++).append("; ").append(Timestamps.format(e.since(), zone)).append("; ")
                    .append(e.user()).append("; ").append(e.ip()).append("; ").append(e.udpPort()).append('\n');
        }
        Path tmp = file.resolveSibling("userlog.txt.tmp");
        try {
            // the rename gives the file the temporary's permissions
            OwnerOnly.file(tmp);
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // Logged here (this thread's tasks have no future for anyone to look at); the next change
            // rewrites the whole file, so one failure does not leave it wrong for good.
            LOG.error("could not write {}", file, e);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
