package org.parley.server.textlog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.files.OwnerOnly;
import org.parley.server.storage.CommitListener;
import org.parley.server.storage.CommittedBatch;
import org.parley.server.storage.CommittedHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcast log {@code messagelog.txt} and the room logs {@code SR_<id>_messagelog.txt} (SPEC 7.2),
 * a view of the database fed only from committed records.
 *
 * <p>The store calls {@link #committed} on its writer thread after each commit: each file touched by the
 * batch gets one append of all its new lines, and a room's file is created when the room is committed,
 * before any message. Files are not fsynced: after a crash they may lag the database or end in a torn
 * line, and {@link #recover}, called when the store opens, rewrites each file whose content is not
 * exactly what the database holds (see {@link LogFileReconciler}). Room files with no room in the
 * database are set aside, so a future room with that id starts with a clean file. A file whose append
 * fails while the server runs is rebuilt the same way as soon as it can be written (see
 * {@link #committed}).
 *
 * <p>Every file is owner-only ({@link OwnerOnly}): created so, and tightened when it is reconciled at start.
 *
 * <p>Only the store's writer thread uses an instance (recover runs before that thread starts).
 */
public final class MessageLogs implements CommitListener {

    public static final String BROADCAST_LOG = "messagelog.txt";

    private static final Pattern ROOM_LOG = Pattern.compile("SR_(\\d+)_messagelog\\.txt");

    private static final Logger log = LoggerFactory.getLogger(MessageLogs.class);
    private static final long REPAIR_INTERVAL_NANOS = 1_000_000_000L;

    private final Path directory;
    private final ZoneId zone;
    /** Set by {@link #recover}: where files are rebuilt from. */
    private CommittedHistory history;
    /** Files whose last append failed: they are rebuilt, not appended to. */
    private final Set<Path> stale = new HashSet<>();
    private final LongSupplier nanoClock;
    private long nextRepairAt;

    public MessageLogs(Path directory, ZoneId zone) {
        this(directory, zone, System::nanoTime);
    }

    /** {@code nanoClock} paces the retries of a rebuild that failed. */
    MessageLogs(Path directory, ZoneId zone, LongSupplier nanoClock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.nanoClock = nanoClock;
        this.nextRepairAt = nanoClock.getAsLong();
    }

    public static String roomLogName(long roomId) {
        return "SR_" + roomId + "_messagelog.txt";
    }

    public Path broadcastLog() {
        return directory.resolve(BROADCAST_LOG);
    }

    public Path roomLog(long roomId) {
        return directory.resolve(roomLogName(roomId));
    }

    @Override
    public void recover(CommittedHistory history) {
        this.history = history;
        try {
            OwnerOnly.createdDirectory(directory);
            rebuild(broadcastLog());
            List<Long> roomIds = history.roomIds();
            for (long roomId : roomIds) {
                rebuild(roomLog(roomId));
            }
            setAsideUnknownRoomLogs(new HashSet<>(roomIds));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reconcile the message logs in " + directory, e);
        }
    }

    /**
     * Appends the batch's lines. A file whose append fails (a full disk, say) may have lost lines or
     * kept a torn one; from then on it is not appended to but rebuilt from the database, at the next
     * batch and then at most once a second until that succeeds, so the logs come right again as soon
     * as the cause is gone, without a restart. Failures are logged here, once per file going wrong.
     */
    @Override
    public void committed(CommittedBatch batch) {
        // Rebuilt from the database, which already holds this batch: such files need no append.
        Set<Path> current = repairStale();
        for (RoomRecord room : batch.rooms()) {
            append(roomLog(room.id()), "", current);
        }
        if (!batch.broadcasts().isEmpty()) {
            StringBuilder lines = new StringBuilder();
            batch.broadcasts().forEach(broadcast -> lines.append(line(broadcast)));
            append(broadcastLog(), lines.toString(), current);
        }
        Map<Long, StringBuilder> roomLines = new LinkedHashMap<>();
        for (RoomMessageRecord message : batch.roomMessages()) {
            roomLines.computeIfAbsent(message.roomId(), id -> new StringBuilder()).append(line(message));
        }
        for (Map.Entry<Long, StringBuilder> room : roomLines.entrySet()) {
            append(roomLog(room.getKey()), room.getValue().toString(), current);
        }
    }

    /** Rebuilds the files whose appends failed, if it is time to try; returns those now in line with the database. */
    private Set<Path> repairStale() {
        Set<Path> repaired = new HashSet<>();
        if (stale.isEmpty() || nanoClock.getAsLong() - nextRepairAt < 0) {
            return repaired;
        }
        for (Path file : List.copyOf(stale)) {
            try {
                rebuild(file);
                stale.remove(file);
                repaired.add(file);
                log.info("{} is in line with the database again", file.getFileName());
            } catch (IOException | RuntimeException e) {
                nextRepairAt = nanoClock.getAsLong() + REPAIR_INTERVAL_NANOS;
                log.debug("{} still cannot be rebuilt: {}", file.getFileName(), e.toString());
            }
        }
        return repaired;
    }

    /** One write per file per batch; an empty append just creates the file. */
    private void append(Path file, String lines, Set<Path> current) {
        if (stale.contains(file) || current.contains(file)) {
            return;
        }
        try {
            appendOrCreate(file, lines.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            stale.add(file);
            log.error("cannot append to {}; it will be rebuilt from the database once it can be written", file, e);
        }
    }

    /** Without CREATE, so that a new file (a new room's) is made owner-only first, not per the umask. */
    private static void appendOrCreate(Path file, byte[] bytes) throws IOException {
        OutputStream opened;
        try {
            opened = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (NoSuchFileException missing) {
            OwnerOnly.file(file);
            opened = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        try (OutputStream out = opened) {
            out.write(bytes);
        }
    }

    /** Makes the file hold exactly what the database holds for it. */
    private void rebuild(Path file) throws IOException {
        if (file.equals(broadcastLog())) {
            LogFileReconciler.reconcile(file, writer -> history.forEachBroadcast(
                    broadcast -> write(writer, line(broadcast))));
        } else {
            Matcher name = ROOM_LOG.matcher(file.getFileName().toString());
            if (!name.matches()) {
                throw new IllegalArgumentException("not a message log: " + file);
            }
            long roomId = Long.parseLong(name.group(1));
            LogFileReconciler.reconcile(file, writer -> history.forEachRoomMessage(roomId,
                    message -> write(writer, line(message))));
        }
    }

    private String line(BroadcastRecord broadcast) {
        return MessageLogLine.format(broadcast.number(), broadcast.at(), broadcast.from(), broadcast.text(), zone);
    }

    private String line(RoomMessageRecord message) {
        return MessageLogLine.format(message.number(), message.at(), message.from(), message.text(), zone);
    }

    private static void write(Writer writer, String line) {
        try {
            writer.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void setAsideUnknownRoomLogs(Set<Long> roomIds) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "SR_*_messagelog.txt")) {
            for (Path file : files) {
                Matcher name = ROOM_LOG.matcher(file.getFileName().toString());
                if (name.matches() && !isKnownRoom(name.group(1), roomIds)) {
                    LogFileReconciler.setAside(file);
                }
            }
        }
    }

    private static boolean isKnownRoom(String digits, Set<Long> roomIds) {
        try {
            return roomIds.contains(Long.parseLong(digits)) && digits.equals(Long.toString(Long.parseLong(digits)));
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }
}
