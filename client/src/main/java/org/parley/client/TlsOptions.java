package org.parley.client;

import java.nio.file.Path;
import java.util.Optional;
import org.parley.tls.Fingerprint;

/**
 * The connection's security as the command line gave it: {@code enabled} false only with
 * {@code --no-tls}; a pinned fingerprint, an extra CA file, the known-servers file.
 */
record TlsOptions(boolean enabled, Optional<Fingerprint> pin, Optional<Path> extraCa, Path knownServers) {
}
