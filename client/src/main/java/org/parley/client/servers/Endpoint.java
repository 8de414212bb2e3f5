package org.parley.client.servers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One place to connect to: a {@link ServerAddress} as the user named it and one address it resolved to.
 * The name stays with the connection (TLS checks the certificate against it, the known-servers file
 * keys on it); the address is where the socket goes. {@code oneOfSeveral} says the name stood for
 * more than one address, so that lines about this endpoint also name the address.
 */
public record Endpoint(ServerAddress server, InetAddress address, boolean oneOfSeveral) {

    public Endpoint {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(address, "address");
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, server.port());
    }

    /** {@code host:port}, with {@code at ADDRESS} when the name stands for several nodes. */
    @Override
    public String toString() {
        return oneOfSeveral ? server + " at " + address.getHostAddress() : server.toString();
    }
}
