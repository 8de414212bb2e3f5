package org.parley.server.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the server writes readable by its own user only: files {@code rw-------}, directories
 * {@code rwx------}. The database, the text logs and credentials.txt hold who talked to whom and
 * password hashes; the umask (often 022) would otherwise make them readable by every local user.
 *
 * <p>New files and directories are created with these permissions in the same system call (no moment
 * where they are wider). An existing one with any group or other permission is tightened, once, with
 * a warning naming it: an operator who widened it on purpose learns that the server undid it. On a
 * file system without POSIX permissions (Windows) nothing is changed: there the directory's ACL, which
 * new files inherit, is what protects them.
 *
 * <p>Stateless; any thread may call it.
 */
public final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {}

    /**
     * Creates {@code file} empty and owner-only if it does not exist; otherwise tightens it. Either way
     * the file exists afterwards and nobody else can read it.
     */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attributes(file, FILE));
        } catch (FileAlreadyExistsException exists) {
            tighten(file);
        }
        return file;
    }

    /**
     * A directory that holds only the server's own files (the data directory): created owner-only,
     * together with any missing parent, or tightened if it exists.
     */
    public static Path privateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            tighten(dir);
        } else {
            Files.createDirectories(dir, attributes(dir, DIRECTORY));
        }
        return dir;
    }

    /**
     * Creates a missing directory owner-only, but leaves an existing one as it is: the log directory is
     * by default the working directory, which is the operator's, not the server's; the files the server
     * puts there are owner-only themselves.
     */
    public static Path createdDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attributes(dir, DIRECTORY));
        }
        return dir;
    }

    /**
     * A new, empty, owner-only file beside {@code target} with a name no one else has, for content that
     * will replace the target by an atomic rename (the rename keeps these permissions).
     */
    public static Path tempFileBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes(dir, FILE));
    }

    /**
     * Takes every group and other permission away from an existing file or directory, warning once if
     * there was any. Returns true if it changed anything.
     */
    public static boolean tighten(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return false;
        }
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        Set<PosixFilePermission> wider = EnumSet.noneOf(PosixFilePermission.class);
        wider.addAll(now);
        wider.retainAll(OTHERS);
        if (wider.isEmpty()) {
            return false;
        }
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        owner.addAll(now);
        owner.removeAll(OTHERS);
        view.setPermissions(owner);
        LOG.warn("{} was accessible to other users ({}); made owner-only ({})", path,
                PosixFilePermissions.toString(now), PosixFilePermissions.toString(owner));
        return true;
    }

    /** The permissions as a creation attribute where the file system has them, else none. */
    static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing == null
                ? path.getFileSystem().supportedFileAttributeViews().contains("posix")
                : Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
