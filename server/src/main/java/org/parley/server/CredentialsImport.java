package org.parley.server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.parley.server.account.Credential;
import org.parley.server.account.CredentialsFile;
import org.parley.server.account.CredentialsFile.HashedLine;
import org.parley.server.account.CredentialsProblem;
import org.parley.server.account.ParsedCredentials;
import org.parley.server.account.PasswordHasher;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.Store;
import org.parley.server.files.FileErrors;
import org.parley.server.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports credentials.txt at start (SPEC 2.1): every listed account exists afterwards with the listed
 * password, held only as a salted slow hash. An account whose stored hash already matches is left
 * alone, so restarts don't rehash everything.
 *
 * <p>A clear password does not outlive the import: once the accounts are committed, the file is
 * rewritten with each clear password replaced by its hash ({@link CredentialsFile#replaceClearPasswords},
 * atomic and owner-only). A file with clear passwords that cannot be rewritten (read-only, or in a
 * read-only directory) stops the start, before anything is hashed or stored: running on would leave
 * the passwords in clear on disk, which is what the operator is least likely to notice. A file with
 * hashes only is made owner-only too; one that cannot be is a warning, as hashes are not passwords.
 *
 * <p>Runs on the thread that starts the server, before the core exists.
 */
final class CredentialsImport {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsImport.class);

    private CredentialsImport() {}

    /** The file holds clear passwords and cannot be rewritten: the server must not start. */
    static final class ClearPasswordsStayException extends IOException {
        ClearPasswordsStayException(String message) {
            super(message);
        }
    }

    /** Returns how many accounts were created or changed. */
    static int run(CredentialsFile file, PasswordHasher hasher, Store store, Map<String, String> known) throws IOException {
        if (!Files.exists(file.path())) {
            LOG.warn("{} not found: starting with the accounts already registered", file.path());
            return 0;
        }
        ParsedCredentials parsed;
        try {
            parsed = file.read();
        } catch (IOException e) {
            throw new IOException("cannot read the credentials file " + file.path() + ": " + FileErrors.reason(e), e);
        }
        for (CredentialsProblem p : parsed.problems()) {
            LOG.warn("{}: {} (line skipped)", file.path(), p);
        }
        List<Credential> clear = parsed.clear();
        if (!clear.isEmpty()) {
            Optional<String> why = file.whyNotRewritable();
            if (why.isPresent()) {
                throw new ClearPasswordsStayException(file.path() + " holds clear-text passwords (" + lines(clear)
                        + ") and cannot be rewritten with their hashes: " + why.get() + ". Make it writable by the"
                        + " server's user, or replace the passwords by PHC hashes; the server does not start while"
                        + " passwords would stay in clear");
            }
        }
        int changed = 0;
        Map<String, CompletableFuture<Void>> saved = new LinkedHashMap<>();
        List<HashedLine> hashedLines = new ArrayList<>();
        for (Credential c : parsed.credentials()) {
            String stored = known.get(c.username());
            String hash;
            if (c.hashed()) {
                if (c.secret().equals(stored)) {
                    continue;
                }
                hash = c.secret();
            } else {
                if (stored != null && hasher.verify(c.secret().toCharArray(), stored)) {
                    hashedLines.add(new HashedLine(c.lineNumber(), c.username(), stored));
                    continue;
                }
                hash = hasher.hash(c.secret().toCharArray());
                hashedLines.add(new HashedLine(c.lineNumber(), c.username(), hash));
            }
            known.put(c.username(), hash);
            saved.put(c.username(), store.saveAccount(new AccountRecord(c.username(), hash)));
            changed++;
        }
        // Not any account's password, but a password all the same: it leaves the file hashed too.
        for (Credential d : parsed.duplicates()) {
            if (!d.hashed()) {
                hashedLines.add(new HashedLine(d.lineNumber(), d.username(), hasher.hash(d.secret().toCharArray())));
            }
        }
        // Each one: the writer commits in groups, so the last write succeeding says nothing of the others.
        for (Map.Entry<String, CompletableFuture<Void>> s : saved.entrySet()) {
            try {
                s.getValue().join();
            } catch (CompletionException | CancellationException e) {
                throw new IOException("cannot store the account " + s.getKey() + " from " + file.path() + ": "
                        + (e.getCause() != null ? e.getCause() : e), e);
            }
        }
        // Only now: if the accounts were not committed, the file still holds what they came from.
        if (!hashedLines.isEmpty()) {
            file.replaceClearPasswords(hashedLines);
            LOG.warn("{}: replaced {} clear-text password{} by {} hash ({}); the file is now owner-only",
                    file.path(), hashedLines.size(), hashedLines.size() == 1 ? "" : "s",
                    hashedLines.size() == 1 ? "its" : "their", lines(clear));
        } else {
            tightenQuietly(file);
            warnIfReadOnly(file);
        }
        return changed;
    }

    /** Hashes only, so the start goes on; but every registration would then fail at its append. */
    private static void warnIfReadOnly(CredentialsFile file) throws IOException {
        Optional<String> why = file.whyNotRewritable();
        if (why.isPresent() && why.get().startsWith("the file is read-only")) {
            LOG.warn("{}: {}; new accounts cannot be added to it, so every registration will fail (start with"
                    + " --no-registration, or make it writable)", file.path(), why.get());
        }
    }

    private static void tightenQuietly(CredentialsFile file) {
        try {
            OwnerOnly.tighten(file.path());
        } catch (IOException e) {
            LOG.warn("{} holds password hashes and could not be made owner-only: {}", file.path(), e.toString());
        }
    }

    /** "line 3" or "lines 1, 2, 5" (at most ten numbers, then how many more). */
    private static String lines(List<Credential> credentials) {
        List<Integer> numbers = credentials.stream().map(Credential::lineNumber).toList();
        String shown = numbers.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
        String more = numbers.size() > 10 ? " and " + (numbers.size() - 10) + " more" : "";
        return (numbers.size() == 1 ? "line " : "lines ") + shown + more;
    }
}
