package org.parley.client.connection;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.parley.tls.Fingerprint;
import org.parley.tls.TlsContexts;

/**
 * How a client secures its connection to the server: TLS (the default) with the trust decision of
 * {@link ServerTrust}, or plain TCP when the user said {@code --no-tls}. Shared by the headless API's
 * connections, so every front end (the terminal shell, the load generator, a later web client) gets the
 * same policy; build one per process and share it: the TLS context is costly to build and thread-safe.
 */
public final class ServerSecurity {

    private static final ServerSecurity PLAIN = new ServerSecurity(null);

    /** Null means plain TCP. */
    private final SslContext context;

    private ServerSecurity(SslContext context) {
        this.context = context;
    }

    /** Plain TCP: passwords and messages in clear. For local testing only. */
    public static ServerSecurity plain() {
        return PLAIN;
    }

    /**
     * TLS, trusting in order: {@code pin} if given; a CA-issued chain by PKIX (the JDK's trust store and
     * {@code extraCa}, may be null) with the host name; else the fingerprint remembered in {@code known},
     * recording it at first use and telling {@code notices}.
     */
    public static ServerSecurity tls(Fingerprint pin, Path extraCa, KnownServers known, Consumer<String> notices)
            throws IOException {
        return tls(pin == null ? List.of() : List.of(pin), extraCa, known, notices);
    }

    /** As {@link #tls(Fingerprint, Path, KnownServers, Consumer)} trusting any of {@code pins} (one per node), if any. */
    public static ServerSecurity tls(Collection<Fingerprint> pins, Path extraCa, KnownServers known,
                                     Consumer<String> notices) throws IOException {
        return new ServerSecurity(TlsContexts.client(ServerTrust.of(pins, extraCa, known, notices)));
    }

    /** TLS trusting exactly the certificate with {@code fingerprint}. */
    public static ServerSecurity pinned(Fingerprint fingerprint) {
        try {
            return tls(List.of(fingerprint), null, null, line -> { });
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    public boolean encrypted() {
        return context != null;
    }

    /** The handler to put first in a connection's pipeline, or empty for plain TCP. */
    public Optional<SslHandler> newHandler(ByteBufAllocator alloc, String host, int port) {
        if (context == null) {
            return Optional.empty();
        }
        SslHandler handler = context.newHandler(alloc, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        // Makes the JDK's PKIX trust manager check the host name (ServerTrust asks it with the engine).
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return Optional.of(handler);
    }

    /** The one line to show for a TLS setup that failed with {@code failure}. */
    public static TlsConnectException explain(Throwable failure, String host, int port) {
        String server = host + ":" + port;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServerTrustException refused) {
                return new TlsConnectException(refused.getMessage(), failure);
            }
            if (t instanceof NotSslRecordException) {
                return new TlsConnectException("Error. The server at " + server + " does not speak TLS; if it runs"
                        + " with --no-tls, connect with --no-tls too (only on a network you trust)", failure);
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return new TlsConnectException("Error. The server at " + server + " did not complete a TLS"
                        + " handshake; if it runs with --no-tls, connect with --no-tls too (only on a network you"
                        + " trust)", failure);
            }
            if (t instanceof ClosedChannelException) {
                return new TlsConnectException("Error. The server at " + server + " closed the connection during"
                        + " the TLS handshake", failure, false);
            }
        }
        String reason = failure instanceof SSLException && failure.getMessage() != null
                ? failure.getMessage() : String.valueOf(failure);
        return new TlsConnectException("Error. TLS with the server at " + server + " failed: " + reason, failure);
    }
}
