package org.parley.client.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a connection gets when its caller names no {@link ServerSecurity}: TLS with trust on first use
 * in this user's {@link KnownServers#defaultFile()}, built once per process. First-use notices are logged.
 */
public final class DefaultSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSecurity.class);

    private DefaultSecurity() {
    }

    private static final class Holder {
        static final ServerSecurity INSTANCE = build();

        private static ServerSecurity build() {
            try {
                return ServerSecurity.tls(java.util.List.of(), null, new KnownServers(KnownServers.defaultFile()), LOG::warn);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static ServerSecurity get() {
        return Holder.INSTANCE;
    }
}
