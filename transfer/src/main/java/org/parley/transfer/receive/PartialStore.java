package org.parley.transfer.receive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.parley.transfer.FileDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the audience keeps interrupted downloads so that the same file from the same presenter can resume:
 * the hidden directory {@code .parley-partial} in the download directory, owner-only (rwx------), holding for
 * each interrupted file {@code <key>.part} (the bytes) and {@code <key>.resume} (a small sidecar: presenter,
 * file name, size, SHA-256 and how many bytes from the start are known good). A file being received is
 * written in the download directory under a hidden temporary name, as always; only when its transfer is
 * interrupted is it moved here (a rename), and a resume moves it back. The directory is created when first
 * needed and removed when its last partial is resumed.
 *
 * <p>The key is derived from (presenter, size, SHA-256), so nothing a peer sends becomes part of a path.
 * "Known good" means received under the transfer's key and written to disk: every byte is still read back and
 * hashed before a resumed file takes its name, exactly as for a fresh one. Thread-safe: the claims are atomic
 * renames on the file system, so two sessions can never resume the same partial.
 */
final class PartialStore {
    private static final Logger log = LoggerFactory.getLogger(PartialStore.class);
    static final String DIRECTORY = ".parley-partial";
    private static final String MAGIC = "parley-partial 1";

    /** A kept partial claimed for one session: its bytes now at {@code file}, the first {@code prefix} good. */
    record Claimed(Path file, long prefix) {
    }

    private final Path directory;

    PartialStore(Path downloadDir) {
        this.directory = downloadDir.resolve(DIRECTORY);
    }

    Path directory() {
        return directory;
    }

    /** The private directory, created owner-only if missing; refused when something else has its name. */
    Path ensureDirectory() throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectory(directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(directory);
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(DIRECTORY + " in the download directory is not a directory");
                }
            }
        }
        return directory;
    }

    /**
     * Takes the partial kept for this file, if there is a sound one, renaming it to {@code claimAs}; its sidecar
     * is removed (a session that fails again writes a new one). Partials of the same presenter and file name
     * whose size or SHA-256 differ are of an older version of the file: they are deleted, and the upload starts
     * fresh.
     */
    Optional<Claimed> claim(String presenter, String fileName, long size, String sha256Hex, Path claimAs) {
        String key = key(presenter, size, sha256Hex);
        dropOtherVersions(presenter, fileName, key);
        Path sidecar = directory.resolve(key + ".resume");
        Path part = directory.resolve(key + ".part");
        Map<String, String> fields = read(sidecar);
        if (fields == null) {
            return Optional.empty();
        }
        long prefix;
        try {
            prefix = Long.parseLong(fields.getOrDefault("prefix", "-1"));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        boolean sound = presenter.equals(fields.get("presenter")) && sha256Hex.equalsIgnoreCase(fields.get("sha256"))
                && String.valueOf(size).equals(fields.get("size")) && prefix >= 0 && prefix <= size;
        try {
            if (!sound || Files.size(part) < prefix) {
                forget(key);
                return Optional.empty();
            }
            Files.move(part, claimAs, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(sidecar);
            removeDirectoryIfEmpty();
            return Optional.of(new Claimed(claimAs, prefix));
        } catch (NoSuchFileException e) {
            // another session claimed it first, or only the sidecar was left
            return Optional.empty();
        } catch (IOException e) {
            log.info("cannot resume the partial download {}: {}", part, e.toString());
            forget(key);
            return Optional.empty();
        }
    }

    /** Keeps {@code file} (its first {@code prefix} bytes good, already forced to disk) for a later resume. */
    void keep(Path file, String presenter, String fileName, long size, String sha256Hex, long prefix)
            throws IOException {
        String key = key(presenter, size, sha256Hex);
        Path part = directory.resolve(key + ".part");
        Path sidecar = directory.resolve(key + ".resume");
        Path sidecarTemp = directory.resolve(key + ".resume.tmp");
        ensureDirectory();
        try {
            move(file, part);
        } catch (NoSuchFileException e) {
            // a resume elsewhere removed the directory, empty, just now
            ensureDirectory();
            move(file, part);
        }
        String text = MAGIC + "\npresenter=" + presenter + "\nfileName=" + fileName + "\nsize=" + size
                + "\nsha256=" + sha256Hex.toLowerCase(java.util.Locale.ROOT) + "\nprefix=" + prefix + "\n";
        Files.writeString(sidecarTemp, text, StandardCharsets.UTF_8);
        move(sidecarTemp, sidecar);
    }

    private void dropOtherVersions(String presenter, String fileName, String keep) {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> sidecars = Files.newDirectoryStream(directory, "*.resume")) {
            for (Path sidecar : sidecars) {
                String name = sidecar.getFileName().toString();
                String key = name.substring(0, name.length() - ".resume".length());
                Map<String, String> fields = read(sidecar);
                if (!key.equals(keep) && fields != null && presenter.equals(fields.get("presenter"))
                        && fileName.equals(fields.get("fileName"))) {
                    forget(key);
                }
            }
        } catch (IOException e) {
            log.debug("listing {}", directory, e);
        }
    }

    private void removeDirectoryIfEmpty() {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // not empty (another partial is kept), or in use: it stays, which is harmless
        }
    }

    private void forget(String key) {
        try {
            Files.deleteIfExists(directory.resolve(key + ".resume"));
            Files.deleteIfExists(directory.resolve(key + ".part"));
            removeDirectoryIfEmpty();
        } catch (IOException e) {
            log.debug("removing partial {}", key, e);
        }
    }

    /** The sidecar's fields, or null when it is missing or not one of ours. Small by construction: 4 KiB at most. */
    private static Map<String, String> read(Path sidecar) {
        try {
            if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS) || Files.size(sidecar) > 4096) {
                return null;
            }
            String[] lines = Files.readString(sidecar, StandardCharsets.UTF_8).split("\n");
            if (lines.length == 0 || !lines[0].equals(MAGIC)) {
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int eq = lines[i].indexOf('=');
                if (eq > 0) {
                    fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
                }
            }
            return fields;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Hex of the first 16 bytes of SHA-256 over the three fields: a safe, fixed-length file name. */
    static String key(String presenter, long size, String sha256Hex) {
        MessageDigest digest = FileDigest.newSha256();
        digest.update((presenter + "\u0000" + size + "\u0000" + sha256Hex.toLowerCase(java.util.Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
