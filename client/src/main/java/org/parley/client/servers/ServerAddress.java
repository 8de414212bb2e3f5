package org.parley.client.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One server as the user named it: a host (a name, an IPv4 address, or an IPv6 address) and a port.
 * Written {@code HOST}, {@code HOST:PORT}, {@code [IPV6]} or {@code [IPV6]:PORT}; a bare IPv6 address
 * (two colons or more) has no port. A name may stand for several nodes ({@link AddressResolver}).
 */
public record ServerAddress(String host, int port) {

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == ',')) {
            throw new IllegalArgumentException("invalid server address: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid server port: " + port + " (a number from 1 to 65535)");
        }
    }

    /** {@code text} as {@code HOST[:PORT]}, {@code defaultPort} when it names none. */
    public static ServerAddress parse(String text, int defaultPort) {
        String s = Objects.requireNonNull(text, "text").strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid server address: '" + text + "' (no closing ])");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new ServerAddress(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("invalid server address: '" + text + "'");
            }
            return new ServerAddress(host, port(rest.substring(1), text));
        }
        int colon = s.indexOf(':');
        if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
            return new ServerAddress(s, defaultPort); // a name, IPv4, or a bare IPv6 address
        }
        return new ServerAddress(s.substring(0, colon), port(s.substring(colon + 1), text));
    }

    /** Each comma-separated entry of {@code list} ({@code a:12000,b:12000}), in order, empty ones refused. */
    public static List<ServerAddress> parseList(String list, int defaultPort) {
        List<ServerAddress> servers = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalArgumentException("invalid server list: '" + list + "' (an empty entry)");
            }
            servers.add(parse(entry, defaultPort));
        }
        return servers;
    }

    private static int port(String value, String text) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range number is
        }
        throw new IllegalArgumentException("invalid server port in '" + text + "': " + value
                + " (a number from 1 to 65535)");
    }

    /** True for a literal address (nothing to resolve), false for a name. */
    public boolean isLiteral() {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** {@code host:port}, an IPv6 host in brackets: as the user would type it again. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** For comparing names case-insensitively, as DNS does. */
    String key() {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
