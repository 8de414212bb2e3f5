package org.parley.client.link;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.client.testing.TestServer;
import org.parley.protocol.Event;

/**
 * A headless client with private links, logged in to a real server: it says yes to every private-chat
 * question and does what the shell does with the brokering events (expect, ready, connect), so a test
 * can watch the whole exchange and the links it opens. Events are handled on the client's event loop.
 */
final class HeadlessPeer implements ClientListener, AutoCloseable {

    final String name;
    final ParleyClient client;
    final PrivateLinks links;
    final RecordingListener heard = new RecordingListener();
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** The connect started for each PrivateAccepted, by target. */
    final Map<String, CompletableFuture<Void>> connects = new ConcurrentHashMap<>();
    private final EventLoopGroup loop = new NioEventLoopGroup(1);

    /**
     * Logs in as {@code user}, reporting {@code reportedPort.applyAsInt(boundPort)} as its private-chat
     * port (identity, or a relay's port to put something on the path).
     */
    static HeadlessPeer login(TestServer server, String user, String password, IntUnaryOperator reportedPort)
            throws Exception {
        return new HeadlessPeer(server, user, password, reportedPort);
    }

    private HeadlessPeer(TestServer server, String user, String password, IntUnaryOperator reportedPort)
            throws Exception {
        this.name = user;
        this.links = PrivateLinks.listen(new InetSocketAddress("127.0.0.1", 0), loop, heard, LinkSettings.defaults());
        this.client = server.connect();
        client.addListener(this);
        client.loginUser(user).get(10, TimeUnit.SECONDS);
        client.loginPassword(password, 0, reportedPort.applyAsInt(links.port())).get(10, TimeUnit.SECONDS);
        links.identify(user);
    }

    String key() {
        return links.fingerprint().value();
    }

    @Override
    public void onEvent(Event event) {
        events.add(event);
        if (event instanceof Event.PrivateRequested e) {
            client.answerPrivate(e.from(), true, key());
        } else if (event instanceof Event.PrivateExpect e) {
            if (links.expect(e.user(), e.token(), e.fingerprint())) {
                client.privateReady(e.user());
            }
        } else if (event instanceof Event.PrivateAccepted e) {
            connects.put(e.user(), links.connect(e.user(), e.host(), e.port(), e.token(), e.fingerprint()));
        }
    }

    <T extends Event> T event(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        links.close();
        client.close();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
}
