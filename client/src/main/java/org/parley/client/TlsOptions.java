package org.parley.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.parley.tls.Fingerprint;

/**
 * The connection's security as the command line gave it: {@code enabled} false only with
 * {@code --no-tls}; the pinned fingerprints (none, or one per node), an extra CA file, the
 * known-servers file.
 */
record TlsOptions(boolean enabled, List<Fingerprint> pins, Optional<Path> extraCa, Path knownServers) {
}
