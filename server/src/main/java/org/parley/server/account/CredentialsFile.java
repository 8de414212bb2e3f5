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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.protocol.Validation;
import org.parley.server.files.OwnerOnly;

/**
 * credentials.txt on disk: the thin I/O layer around {@link CredentialsParser}. Every method blocks
 * on the file system (append and the rewrite also on fsync), so call them from a thread that may block.
 * The file is owner-only ({@link OwnerOnly}) whenever this class creates or rewrites it: even hashed,
 * its passwords can be guessed offline by whoever reads it.
 */
public final class CredentialsFile {

    private final Path path;
    /** A UTF-8 byte order mark read as ISO-8859-1, one char per byte. */
    private static final String BYTE_ORDER_MARK = "\u00EF\u00BB\u00BF";

    /** A clear password's replacement: line {@code lineNumber} must still be {@code username <clear password>}. */
    public record HashedLine(int lineNumber, String username, String phcHash) {

        @Override
        public String toString() {
            return "HashedLine[line " + lineNumber + ", " + username + "]";
        }
    }

    /**
     * Serialises appends and rewrites within this process, so the trailing-newline check and the write
     * are one step, and an append never lands in a file about to be replaced.
     */
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
            boolean created = !Files.exists(path);
            if (created) {
                OwnerOnly.file(path);
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = channel.size();
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

    /**
     * Why the file could not be rewritten in place of its clear passwords, or empty if it can: the
     * rewrite replaces it by a rename, which needs the directory writable, and a file the operator made
     * read-only is taken to mean "do not change it".
     */
    public Optional<String> whyNotRewritable() throws IOException {
        Path target = path.toRealPath();
        if (!Files.isWritable(target)) {
            return Optional.of("the file is read-only for this user");
        }
        // Checked apart from access(2), which lets root write anything: a file whose owner may not
        // write it was made read-only on purpose.
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view != null && !view.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE)) {
            return Optional.of("the file is read-only (" + PosixFilePermissions.toString(view.readAttributes().permissions())
                    + ")");
        }
        Path directory = target.getParent();
        if (directory == null || !Files.isWritable(directory)) {
            return Optional.of("its directory " + directory + " is not writable (the file is replaced by a rename)");
        }
        return Optional.empty();
    }

    /**
     * Rewrites the file with the clear password on each of these lines replaced by its hash; every other
     * byte (bad lines, blank lines, line endings, a byte order mark, the order) stays as it was. The new
     * content goes to an owner-only temporary file in the same directory, is forced to disk and renamed
     * over the file ({@code ATOMIC_MOVE}), and then the directory is synced: a crash leaves either the
     * old file or the new one, never a mix, and the new one is owner-only. A symbolic link is followed:
     * the file it names is replaced, not the link.
     *
     * @throws IOException if it cannot be done, or a line no longer holds what was read (the file changed
     *     meanwhile); the file is then left as it was
     */
    public void replaceClearPasswords(List<HashedLine> replacements) throws IOException {
        for (HashedLine r : replacements) {
            if (r.phcHash() == null || r.phcHash().length() > CredentialsParser.MAX_HASH_CHARS
                    || !PhcHashes.isSupported(r.phcHash())) {
                throw new IllegalArgumentException("not a supported password hash; refusing to write it");
            }
        }
        appendLock.lock();
        try {
            Path target = path.toRealPath();
            // ISO-8859-1 maps every byte to one char and back: lines this class does not touch keep their
            // exact bytes, whatever their encoding.
            List<String[]> lines = splitLines(new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1));
            for (HashedLine r : replacements) {
                int index = r.lineNumber() - 1;
                String content = index >= 0 && index < lines.size() ? lines.get(index)[0] : "";
                int start = index == 0 && content.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK.length() : 0;
                int space = content.indexOf(' ', start);
                if (space < 0 || !content.substring(start, space).equals(r.username())
                        || PhcHashes.looksLikeHash(content.substring(space + 1))) {
                    throw new IOException(path + " changed while it was read (line " + r.lineNumber()
                            + "); not rewritten");
                }
                lines.get(index)[0] = content.substring(0, space + 1) + r.phcHash();
            }
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line[0]).append(line[1]));
            replace(target, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        } finally {
            appendLock.unlock();
        }
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path temporary = OwnerOnly.tempFileBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(target.getParent());
    }

    /**
     * Lines as {@code [content, terminator]}, split where {@link java.io.BufferedReader#readLine} splits
     * (LF, CR or CRLF), so that line numbers agree with the parser's.
     */
    private static List<String[]> splitLines(String text) {
        List<String[]> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = i;
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                lines.add(new String[] {text.substring(start, end), text.substring(end, i)});
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(new String[] {text.substring(start), ""});
        }
        return lines;
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
