package org.parley.transfer.receive;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives a finished download its name without ever replacing a file that is already there: the wanted name,
 * else {@code name (1).ext}, {@code name (2).ext}, ... Each name is claimed atomically, so two downloads
 * finishing together (or another program writing the same name) never overwrite each other. Stateless.
 */
final class FreeName {

    /** More same-named files than anyone keeps; past it the download fails rather than loop for long. */
    static final int MAX_SUFFIX = 10_000;

    private FreeName() {}

    /** Moves {@code source} to {@code wanted} or the first free suffixed name next to it; returns the name used. */
    static Path moveTo(Path source, Path wanted) throws IOException {
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            Path candidate = n == 0 ? wanted : withSuffix(wanted, n);
            if (claim(source, candidate)) {
                return candidate;
            }
        }
        throw new FileAlreadyExistsException(wanted.toString(), null,
                "it and its " + MAX_SUFFIX + " numbered variants all exist");
    }

    /** {@code yoda_big.bin} with 2 is {@code yoda_big (2).bin}; a name without an extension gets it at the end. */
    static Path withSuffix(Path wanted, int n) {
        String name = wanted.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String suffixed = dot > 0
                ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot)
                : name + " (" + n + ")";
        return wanted.resolveSibling(suffixed);
    }

    /**
     * A hard link fails if the name exists, whoever made it, which is what makes the claim atomic (a rename
     * would replace the file). File systems without hard links fall back to a move without replacing, whose
     * existence check and rename are two steps.
     */
    private static boolean claim(Path source, Path candidate) throws IOException {
        try {
            Files.createLink(candidate, source);
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            try {
                Files.move(source, candidate);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
        Files.delete(source);
        return true;
    }
}
