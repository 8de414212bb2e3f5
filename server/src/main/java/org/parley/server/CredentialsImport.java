package org.parley.server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.parley.server.account.Credential;
import org.parley.server.account.CredentialsFile;
import org.parley.server.account.CredentialsProblem;
import org.parley.server.account.ParsedCredentials;
import org.parley.server.account.PasswordHasher;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports credentials.txt at start (SPEC 2.1): every listed account exists afterwards with the listed
 * password, held only as a salted slow hash. Clear passwords are hashed here and never stored; an
 * account whose stored hash already matches is left alone, so restarts don't rehash everything.
 */
final class CredentialsImport {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsImport.class);

    private CredentialsImport() {}

    /** Returns how many accounts were created or changed. */
    static int run(CredentialsFile file, PasswordHasher hasher, Store store, Map<String, String> known) throws IOException {
        if (!Files.exists(file.path())) {
            LOG.warn("{} not found: starting with the accounts already registered", file.path());
            return 0;
        }
        ParsedCredentials parsed = file.read();
        for (CredentialsProblem p : parsed.problems()) {
            LOG.warn("{}: {} (line skipped)", file.path(), p);
        }
        int changed = 0;
        Map<String, CompletableFuture<Void>> saved = new LinkedHashMap<>();
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
                    continue;
                }
                hash = hasher.hash(c.secret().toCharArray());
            }
            known.put(c.username(), hash);
            saved.put(c.username(), store.saveAccount(new AccountRecord(c.username(), hash)));
            changed++;
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
        return changed;
    }
}
