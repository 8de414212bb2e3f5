package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Clients with private links in one JVM, on loopback, torn down together. */
final class LinkNodes implements AutoCloseable {

    /** One client's links and what its listener heard. */
    record Node(String name, PrivateLinks links, RecordingListener heard, EventLoopGroup group) {
        List<String> events() {
            return heard.events();
        }

        /** This node's link certificate fingerprint, as the server would relay it. */
        String key() {
            return links.fingerprint().value();
        }
    }

    private final EventLoopGroup shared = new NioEventLoopGroup(2);
    private final List<EventLoopGroup> ownGroups = new ArrayList<>();
    private final List<Node> all = new ArrayList<>();

    Node start(String name) {
        return start(name, LinkSettings.defaults());
    }

    Node start(String name, LinkSettings settings) {
        return start(name, settings, shared);
    }

    /** A client on its own event loop, so a test can kill it like a crashed process. */
    Node startCrashable(String name) {
        EventLoopGroup own = new NioEventLoopGroup(1);
        ownGroups.add(own);
        return start(name, LinkSettings.defaults(), own);
    }

    private Node start(String name, LinkSettings settings, EventLoopGroup group) {
        RecordingListener heard = new RecordingListener();
        PrivateLinks links = PrivateLinks.start(name, new InetSocketAddress("127.0.0.1", 0), group, heard, settings);
        Node node = new Node(name, links, heard, group);
        all.add(node);
        return node;
    }

    static String newToken() {
        return UUID.randomUUID().toString();
    }

    /**
     * What the server brokers: the target expects a token and the asker's key, the asker connects with the
     * token, trusting the target's key.
     */
    static void link(Node asker, Node target) throws Exception {
        String token = newToken();
        assertThat(target.links().expect(asker.name(), token, asker.key())).isTrue();
        asker.links().connect(target.name(), "127.0.0.1", target.links().port(), token, target.key())
                .get(10, TimeUnit.SECONDS);
        await().untilAsserted(() -> {
            assertThat(asker.events()).contains("opened " + target.name());
            assertThat(target.events()).contains("opened " + asker.name());
        });
        assertThat(asker.heard().keyOf(target.name())).isEqualTo(target.links().fingerprint());
        assertThat(target.heard().keyOf(asker.name())).isEqualTo(asker.links().fingerprint());
    }

    /** Proves the link from {@code from} to {@code to} carries a fresh message. */
    static void assertCarries(Node from, Node to) {
        String text = "ping " + UUID.randomUUID();
        assertThat(from.links().send(to.name(), text)).isEqualTo(SendResult.SENT);
        await().untilAsserted(() -> assertThat(to.events()).contains(from.name() + ": " + text));
    }

    /** Simulates a crash: the event loop dies and takes every socket with it, no goodbye sent. */
    static void crash(Node node) {
        node.group().shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public void close() {
        for (Node node : all) {
            // A crashed node's sockets died with its event loop; there is nothing left to close.
            if (!node.group().isShuttingDown()) {
                node.links().close();
            }
        }
        for (EventLoopGroup group : ownGroups) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        shared.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
