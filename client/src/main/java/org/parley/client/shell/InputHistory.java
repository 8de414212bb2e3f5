package org.parley.client.shell;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a user's input history lives, and making it private before anything is written there: the
 * Parley state directory ({@code $XDG_STATE_HOME/parley}, else {@code ~/.parley}) is created owner-only
 * (0700), and each user's file ({@code history-<user>}) owner-only (0600), because typed lines can be
 * private messages. JLine keeps the permissions: it appends to the file, and when it trims the file it
 * writes a temporary file (created 0600) and moves it over. Pure file-system work, no state.
 */
final class InputHistory {

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private InputHistory() {}

    /** The Parley state directory for this environment, if a home or state directory is known. */
    static Optional<Path> directory(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Optional.of(Path.of(state, "parley"));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home, ".parley"));
    }

    /** The history file of {@code user} in {@code dir}. */
    static Path file(Path dir, String user) {
        return dir.resolve("history-" + fileSafe(user));
    }

    /**
     * Creates {@code dir} (0700) and the user's file (0600) if missing, and tightens them if they are
     * not owner-only; returns the file.
     */
    static Path prepare(Path dir, String user) throws IOException {
        boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path file = file(dir, user);
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept from an earlier session; its permissions are checked below
        }
        if (posix) {
            // the umask may have removed bits at creation, never added any; an older file may be wider
            Files.setPosixFilePermissions(dir, OWNER_DIR);
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
        return file;
    }

    /** User names are checked by the server; anything beyond letters, digits, '.', '_' and '-' is hex. */
    private static String fileSafe(String user) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (c == '.' && i > 0)) {
                safe.append(c);
            } else {
                safe.append(String.format(Locale.ROOT, "%%%04x", (int) c));
            }
        }
        return safe.toString();
    }

    private static Path existingAncestor(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? dir.toAbsolutePath().getRoot() : p;
    }
}
