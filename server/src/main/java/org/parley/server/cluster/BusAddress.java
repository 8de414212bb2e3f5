package org.parley.server.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator's {@code --cluster-bus} value, parsed: {@code nats://host:port}, {@code redis://host:port}
 * or {@code postgres}, each with an optional {@code ?channel=NAME} (default {@code parley}). The
 * channel is the NATS subject, the Redis channel or the PostgreSQL notification channel; it is kept to
 * letters, digits and underscores (at most 63, PostgreSQL's identifier limit) so that it means the same
 * on every engine and needs no quoting. {@code port} is -1 for {@code postgres}, which has no address
 * of its own (it uses the node's database). Immutable.
 */
record BusAddress(String engine, String host, int port, String channel) {

    static final String DEFAULT_CHANNEL = "parley";
    static final String USAGE = "expected nats://HOST:PORT, redis://HOST:PORT or postgres, "
            + "each optionally followed by ?channel=NAME";
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_]{1,63}");

    BusAddress {
        Objects.requireNonNull(engine, "engine");
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("bus channel must be 1 to 63 letters, digits or underscores: '"
                    + channel + "'");
        }
    }

    static BusAddress parse(String busUrl) {
        Objects.requireNonNull(busUrl, "busUrl");
        String base = busUrl;
        String channel = DEFAULT_CHANNEL;
        int q = busUrl.indexOf('?');
        if (q >= 0) {
            base = busUrl.substring(0, q);
            channel = channelOf(busUrl, busUrl.substring(q + 1));
        }
        if (base.equals("postgres") || base.equals("postgresql")) {
            return new BusAddress("postgres", null, -1, channel);
        }
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad bus URL '" + busUrl + "': " + USAGE, e);
        }
        String scheme = uri.getScheme();
        if (!"nats".equals(scheme) && !"redis".equals(scheme)) {
            throw new IllegalArgumentException("unknown bus '" + busUrl + "': " + USAGE);
        }
        if (uri.getHost() == null || uri.getPort() < 1 || (uri.getPath() != null && !uri.getPath().isEmpty())
                || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("bad bus URL '" + busUrl + "': " + USAGE);
        }
        return new BusAddress(scheme, uri.getHost(), uri.getPort(), channel);
    }

    private static String channelOf(String busUrl, String query) {
        if (!query.startsWith("channel=") || query.contains("&")) {
            throw new IllegalArgumentException("bad bus URL '" + busUrl + "': the only option is ?channel=NAME");
        }
        return query.substring("channel=".length());
    }
}
