package org.parley.server.textlog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.server.storage.BroadcastRecord;
import org.parley.server.storage.CommitListener;
import org.parley.server.storage.CommittedBatch;
import org.parley.server.storage.CommittedHistory;
import org.parley.server.storage.RoomMessageRecord;
import org.parley.server.storage.RoomRecord;

/**
 * The broadcast log {@code messagelog.txt} and the room logs {@code SR_<id>_messagelog.txt} (SPEC 7.2),
 * a view of the database fed only from committed records.
 *
 * <p>The store calls {@link #committed} on its writer thread after each commit: each file touched by the
 * batch gets one append of all its new lines, and a room's file is created when the room is committed,
 * before any message. Files are not fsynced: after a crash they may lag the database or end in a torn
 * line, and {@link #recover}, called when the store opens, rewrites each file whose content is not
 * exactly what the database holds (see {@link LogFileReconciler}). Room files with no room in the
 * database are set aside, so a future room with that id starts with a clean file.
 *
 * <p>Only the store's writer thread uses an instance (recover runs before that thread starts).
 */
public final class MessageLogs implements CommitListener {

    public static final String BROADCAST_LOG = "messagelog.txt";

    private static final Pattern ROOM_LOG = Pattern.compile("SR_(\\d+)_messagelog\\.txt");

    private final Path directory;
    private final ZoneId zone;

    public MessageLogs(Path directory, ZoneId zone) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.zone = Objects.requireNonNull(zone, "zone");
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
        try {
            Files.createDirectories(directory);
            LogFileReconciler.reconcile(broadcastLog(), writer -> history.forEachBroadcast(
                    broadcast -> write(writer, line(broadcast))));
            List<Long> roomIds = history.roomIds();
            for (long roomId : roomIds) {
                LogFileReconciler.reconcile(roomLog(roomId), writer -> history.forEachRoomMessage(roomId,
                        message -> write(writer, line(message))));
            }
            setAsideUnknownRoomLogs(new HashSet<>(roomIds));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reconcile the message logs in " + directory, e);
        }
    }

    @Override
    public void committed(CommittedBatch batch) {
        try {
            for (RoomRecord room : batch.rooms()) {
                append(roomLog(room.id()), "");
            }
            if (!batch.broadcasts().isEmpty()) {
                StringBuilder lines = new StringBuilder();
                batch.broadcasts().forEach(broadcast -> lines.append(line(broadcast)));
                append(broadcastLog(), lines.toString());
            }
            Map<Long, StringBuilder> roomLines = new LinkedHashMap<>();
            for (RoomMessageRecord message : batch.roomMessages()) {
                roomLines.computeIfAbsent(message.roomId(), id -> new StringBuilder()).append(line(message));
            }
            for (Map.Entry<Long, StringBuilder> room : roomLines.entrySet()) {
                append(roomLog(room.getKey()), room.getValue().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the message logs in " + directory, e);
        }
    }

    private String line(BroadcastRecord broadcast) {
        return MessageLogLine.format(broadcast.number(), broadcast.at(), broadcast.from(), broadcast.text(), zone);
    }

    private String line(RoomMessageRecord message) {
        return MessageLogLine.format(message.number(), message.at(), message.from(), message.text(), zone);
    }

    /** One write per file per batch; an empty append just creates the file. */
    private static void append(Path file, String lines) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
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
