package org.parley.server.core;

import java.io.IOException;

/**
 * Where a newly registered account is written for people to see (credentials.txt, SPEC 2.2), as
 * {@code username <hash>}. Called on a hashing thread, never on the core thread.
 */
@FunctionalInterface
public interface AccountFile {
    void append(String username, String phcHash) throws IOException;
}
