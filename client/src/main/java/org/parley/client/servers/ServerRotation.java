package org.parley.client.servers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring of places a client may connect to: every server the user named, in the order named, each
 * expanded to all the addresses its name resolves to. A client starts at a random endpoint (so that
 * the users of a cluster spread over its nodes) and, when it loses one, goes on to the one after it
 * (so that clients of a dead node do not all pile onto one survivor ahead of the others, and the dead
 * node is tried last).
 *
 * <p>Names are resolved again for each ring (the resolver caches), and a name's addresses are sorted,
 * because round-robin DNS answers in a different order each time and "the one after" must mean the
 * same node from one attempt to the next. A name that does not resolve is left out of that ring and
 * logged; the ring is an {@link UnknownHostException} only when no server resolves at all.
 *
 * <p>Immutable and thread-safe; the position ("current") is the caller's.
 */
public final class ServerRotation {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRotation.class);
    private static final Comparator<InetAddress> BY_BYTES = (a, b) -> Arrays.compareUnsigned(a.getAddress(), b.getAddress());

    private final List<ServerAddress> servers;
    private final AddressResolver resolver;
    private final IntUnaryOperator random;

    /** {@code random.applyAsInt(n)} picks the start among {@code n} endpoints: a value in [0, n). */
    public ServerRotation(List<ServerAddress> servers, AddressResolver resolver, IntUnaryOperator random) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server to connect to");
        }
        this.servers = List.copyOf(servers);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** With the system's resolver and a random start. */
    public static ServerRotation of(List<ServerAddress> servers) {
        return new ServerRotation(servers, AddressResolver.system(), n -> ThreadLocalRandom.current().nextInt(n));
    }

    public List<ServerAddress> servers() {
        return servers;
    }

    /** Every endpoint, servers in the order named, a name's addresses sorted. */
    public List<Endpoint> endpoints() throws UnknownHostException {
        List<Endpoint> ring = new ArrayList<>();
        UnknownHostException none = null;
        for (ServerAddress server : servers) {
            List<InetAddress> addresses;
            try {
                addresses = new ArrayList<>(resolver.resolve(server.host()));
            } catch (UnknownHostException e) {
                LOG.warn("cannot resolve the server name {}: {}", server.host(), e.getMessage());
                none = none == null ? new UnknownHostException("cannot resolve " + server.host()) : none;
                continue;
            }
            addresses.sort(BY_BYTES);
            List<InetAddress> distinct = addresses.stream().distinct().toList();
            for (InetAddress address : distinct) {
                ring.add(new Endpoint(server, address, distinct.size() > 1));
            }
        }
        if (ring.isEmpty()) {
            throw none != null ? none : new UnknownHostException("no address for " + servers);
        }
        return ring;
    }

    /** The first round: every endpoint once, from a random one on, in ring order. */
    public List<Endpoint> firstRound() throws UnknownHostException {
        List<Endpoint> ring = endpoints();
        int at = Math.floorMod(random.applyAsInt(ring.size()), ring.size());
        List<Endpoint> order = new ArrayList<>(ring.size());
        for (int i = 0; i < ring.size(); i++) {
            order.add(ring.get((at + i) % ring.size()));
        }
        return order;
    }

    /**
     * The endpoint after {@code current} in today's ring. If {@code current} is no longer in it (its
     * name now resolves elsewhere), the first endpoint of the next server named after its server.
     */
    public Endpoint after(Endpoint current) throws UnknownHostException {
        List<Endpoint> ring = endpoints();
        int at = indexOf(ring, current);
        if (at >= 0) {
            return ring.get((at + 1) % ring.size());
        }
        int named = servers.indexOf(current.server());
        for (Endpoint e : ring) {
            if (servers.indexOf(e.server()) > named) {
                return e;
            }
        }
        return ring.get(0);
    }

    private static int indexOf(List<Endpoint> ring, Endpoint e) {
        for (int i = 0; i < ring.size(); i++) {
            Endpoint r = ring.get(i);
            if (r.server().key().equals(e.server().key()) && r.address().equals(e.address())) {
                return i;
            }
        }
        return -1;
    }
}
