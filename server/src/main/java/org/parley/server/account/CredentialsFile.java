package org.parley.server.account;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.protocol.Validation;

/**
 * credentials.txt on disk: the thin I/O layer around {@link CredentialsParser}. Both methods block
 * on the file system (append also on fsync), so call them from a thread that may block.
 */
public final class CredentialsFile {

    private final Path path;
    /** Serialises appends within this process, so the trailing-newline check and the write are one step. */
    private final ReentrantLock appendLock = new ReentrantLock();

    public CredentialsFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    public Path path() {
        return path;
    }

    /**
     * Reads and parses the file. A missing file is an empty one. Bytes that are not UTF-8 become
     * U+FFFD, so such a line is reported as invalid instead of failing the whole read.
     */
    public ParsedCredentials read() throws IOException {
        try (Reader reader = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            return CredentialsParser.parse(reader);
        } catch (NoSuchFileException e) {
            return ParsedCredentials.empty();
        }
    }

    /**
     * Appends {@code username phcHash} as a line of its own and forces it to disk before returning, so
     * an account the user was told exists survives a crash. Creates the file (and makes its directory
     * entry durable) if missing, and starts a new line first if the file does not end with one.
     *
     * @throws IllegalArgumentException if the username is invalid or the hash is not a supported PHC
     *     string: a clear password is never written
     */
    public void append(String username, String phcHash) throws IOException {
        if (!Validation.isValidUsername(username)) {
            throw new IllegalArgumentException("invalid username");
        }
        if (phcHash == null || phcHash.length() > CredentialsParser.MAX_HASH_CHARS || !PhcHashes.isSupported(phcHash)) {
            throw new IllegalArgumentException("not a supported password hash; refusing to write it");
        }
        appendLock.lock();
        try {
            boolean created;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = channel.size();
                created = size == 0;
                String prefix = size > 0 && lastByte(channel, size) != '\n' ? "\n" : "";
                ByteBuffer line = ByteBuffer.wrap((prefix + username + " " + phcHash + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                long position = size;
                while (line.hasRemaining()) {
                    position += channel.write(line, position);
                }
                channel.force(true);
            }
            if (created) {
                syncDirectory(path.toAbsolutePath().getParent());
            }
        } finally {
            appendLock.unlock();
        }
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (one.hasRemaining()) {
            if (channel.read(one, size - 1) < 0) {
                throw new IOException("credentials file shrank while appending");
            }
        }
        return one.get(0);
    }

    /** A new file's name is only durable once its directory is; not every platform can fsync one. */
    private static void syncDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException unsupported) {
            // Windows cannot open a directory as a channel; there NTFS journals the entry itself.
        }
    }
}
