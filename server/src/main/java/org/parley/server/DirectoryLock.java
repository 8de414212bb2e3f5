package org.parley.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.parley.server.files.OwnerOnly;

/**
 * An exclusive lock on a directory a server writes to (its data directory, its log directory), held
 * for the server's life, so that a second server started on the same files refuses to start instead of
 * emptying userlog.txt and writing the same database. It is an OS file lock on {@value #FILE_NAME} in
 * the directory: the OS drops it when the process ends, however it ends, so a crash leaves no stale
 * lock behind. The file holds the owner's process id, for the refusal message.
 *
 * <p>Opened and closed by the thread that starts and stops the server.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = ".parley.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and locks it.
     *
     * @throws DirectoryInUseException if another server (in this process or another) holds it
     */
    static DirectoryLock acquire(Path dir, String role) throws IOException {
        Files.createDirectories(dir);
        Path file = OwnerOnly.file(dir.resolve(FILE_NAME));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String owner = owner(channel);
            channel.close();
            throw new DirectoryInUseException("Error. The " + role + " " + dir.toAbsolutePath().normalize()
                    + " is in use by another Parley server" + owner + "; stop it, or give this one another directory");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            // The pid is only a hint for the message above; the lock is what counts.
        }
        return new DirectoryLock(channel, lock);
    }

    /** " (process 1234)" from the lock file, or nothing where it cannot be read (Windows locks reads). */
    private static String owner(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock anyway; the process's end certainly does.
        }
    }

    /** Another server holds the directory; the message is the exact line to print. */
    static final class DirectoryInUseException extends IOException {
        DirectoryInUseException(String message) {
            super(message);
        }
    }
}
