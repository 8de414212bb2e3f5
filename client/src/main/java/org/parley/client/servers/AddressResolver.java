package org.parley.client.servers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host into every address it stands for: one name behind which several nodes answer (DNS
 * round robin) becomes one {@link Endpoint} per node. The system resolver caches answers (the JDK's
 * {@code networkaddress.cache.ttl}), so asking again before each attempt costs little and follows a
 * name whose nodes change.
 */
@FunctionalInterface
public interface AddressResolver {

    /** Every address of {@code host}, at least one; {@link UnknownHostException} when it has none. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver ({@link InetAddress#getAllByName}): the operating system's hosts file and DNS. */
    static AddressResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
