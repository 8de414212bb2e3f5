package org.parley.transfer.receive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.parley.transfer.FileDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file being received: a temporary file in the download directory written at chunk offsets, hashed as
 * its contiguous prefix grows, then forced to disk and renamed atomically to its final name. Chunks go through
 * a {@link CoalescingWriter}, so the file sees one write per few hundred KiB rather than one per datagram.
 *
 * <p>Hashing reads back what was written (from the page cache) rather than hashing datagrams as they arrive,
 * because chunks arrive out of order; the final digest is therefore of the bytes actually on disk. Chunk
 * writes happen on the receive thread and hashing on a worker, each on its own range of the file.
 */
final class FileAssembler {
    private static final Logger log = LoggerFactory.getLogger(FileAssembler.class);
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final int HASH_BLOCK_BYTES = 256 * 1024;
    private static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private final Path temp;
    private final Path target;
    private final long size;
    private final FileChannel channel;
    private final CoalescingWriter writer;
    private final MessageDigest digest = FileDigest.newSha256();
    private final long resumedPrefix;
    private ByteBuffer hashBuffer;
    private long hashed;

    /**
     * Starts the file in the store's private directory: from the partial kept for the same file from the same
     * presenter when there is one ({@link #resumedPrefix()} bytes of it good), else empty.
     */
    FileAssembler(PartialStore store, Path target, long transferId, String presenter, String fileName, long size,
                  String sha256Hex) throws IOException {
        this.target = target;
        this.size = size;
        // Not createTempFile: its owner-only mode would stick to the finished download, which should get
        // the permissions any other file the user saves gets (the umask). CREATE_NEW keeps it exclusive. A
        // partial kept for a resume waits in the store's owner-only directory, and comes back here to be resumed.
        Path directory = target.getParent();
        this.temp = directory.resolve(".parley-" + Long.toUnsignedString(transferId, 36) + "-"
                + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part");
        var claimed = store.claim(presenter, fileName, size, sha256Hex, temp);
        if (claimed.isPresent()) {
            this.channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.resumedPrefix = claimed.get().prefix();
        } else {
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            this.resumedPrefix = 0;
        }
        this.writer = new CoalescingWriter(channel, WRITE_BUFFER_BYTES);
    }

    /** Bytes from the start already in the file from an interrupted transfer: to be hashed, not received. */
    long resumedPrefix() {
        return resumedPrefix;
    }

    Path temp() {
        return temp;
    }

    /** Receive thread: takes {@code payload} (position to limit) for {@code offset}; each chunk once. */
    void write(ByteBuffer payload, long offset) throws IOException {
        writer.write(payload, offset);
    }

    /** Receive thread: every byte taken so far below the returned offset can be read back from the file. */
    long writtenBelow() {
        return writer.flushedBelow();
    }

    /** Receive thread: puts everything taken so far into the file; call before handing it to the worker. */
    void flush() throws IOException {
        writer.flush();
    }

    /** Worker: extends the running digest to {@code limit} bytes, which must all have been written. */
    void hashUpTo(long limit) throws IOException {
        if (hashBuffer == null) {
            hashBuffer = ByteBuffer.allocateDirect(HASH_BLOCK_BYTES);
        }
        while (hashed < limit) {
            hashBuffer.clear().limit((int) Math.min(HASH_BLOCK_BYTES, limit - hashed));
            int n = channel.read(hashBuffer, hashed);
            if (n < 0) {
                throw new IOException("the partial file is shorter than what was received");
            }
            hashBuffer.flip();
            digest.update(hashBuffer);
            hashed += n;
        }
    }

    /** Worker: the SHA-256 of the whole file, once every byte has been written. */
    String finishHash() throws IOException {
        hashUpTo(size);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Worker: makes the verified file durable under its final name, or a numbered variant of it when that
     * name is taken (an existing file is never replaced); returns the name it was saved as.
     */
    Path commit() throws IOException {
        if (channel.size() != size) {
            throw new IOException("the file is " + channel.size() + " bytes, expected " + size);
        }
        channel.force(true);
        channel.close();
        Path saved = FreeName.moveTo(temp, target);
        forceDirectory(saved.getParent());
        return saved;
    }

    /**
     * Any thread, instead of {@link #discard}: keeps the partial for a later resume, its first {@code prefix}
     * bytes (all written to the file by then) forced to disk first, so the sidecar never promises more than the
     * disk has. Falls back to discarding when that fails.
     */
    void keep(PartialStore store, String presenter, String fileName, String sha256Hex, long prefix) {
        try {
            channel.force(false);
            channel.close();
            store.keep(temp, presenter, fileName, size, sha256Hex, prefix);
        } catch (IOException e) {
            discard();
        }
    }

    /** Any thread: removes the partial file; nothing is ever left under the final name. */
    void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next; a close failure changes nothing for the user
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover hidden .part file is harmless and never mistaken for a finished download
        }
    }

    /**
     * Forces the directory entry of a file just renamed into {@code directory}, so the name survives a power
     * loss too. Windows cannot open a directory, and there the rename is all there is. Anywhere else a failure
     * is logged, since the file's contents are on disk but its name might not be; the transfer still succeeds,
     * because the verified contents are safe. Returns whether the directory was forced.
     */
    static boolean forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            if (!WINDOWS) {
                log.warn("could not force the directory {} to disk; a file received into it is complete, but its"
                        + " name may not survive a power loss", directory, e);
            }
            return false;
        }
    }
}
