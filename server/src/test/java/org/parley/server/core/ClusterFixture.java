package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.account.HashCost;
import org.parley.server.account.HashingService;
import org.parley.server.account.LoginLockout;
import org.parley.server.account.LoginThrottle;
import org.parley.server.account.PhcPasswordHasher;
import org.parley.server.account.RegistrationGate;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.core.store.ClusterDirectory;
import org.parley.server.core.store.Store;

/**
 * Several cores in one JVM as the nodes of one cluster: they share a store and a cluster directory
 * (in memory, or PostgreSQL through the storage classes) and talk through one bus. Users log in with
 * the password name + "pw" (registered on first login).
 */
final class ClusterFixture implements AutoCloseable {

    /** A session on one node. */
    record Connected(Session session, RecordingOutbound out, ChatCore node) {
        void send(Request request) {
            node.receive(session, request);
        }

        <F extends org.parley.protocol.Frame> F next(Class<F> type) throws InterruptedException {
            return out.next(type);
        }
    }

    /** What one node is made of, besides what the fixture shares. */
    interface NodeParts {
        Store store(String node);

        ClusterDirectory directory(String node);

        ClusterBus bus(String node);
    }

    /** Every node on one directory and one in-memory bus; each node's store from {@code stores}. */
    static NodeParts shared(java.util.function.Function<String, Store> stores, ClusterDirectory directory,
            org.parley.server.core.bus.InMemoryBus bus) {
        return new NodeParts() {
            @Override
            public Store store(String node) {
                return stores.apply(node);
            }

            @Override
            public ClusterDirectory directory(String node) {
                return directory;
            }

            @Override
            public ClusterBus bus(String node) {
                return bus.node(node);
            }
        };
    }

    private final NodeParts parts;
    private final Duration heartbeat;
    private final Duration lease;
    private final ExecutorService hashingThreads = HashingService.newDedicatedExecutor(2, 64);
    private final List<ChatCore> cores = new ArrayList<>();
    private int nextHost = 2;

    ClusterFixture(NodeParts parts, Duration heartbeat, Duration lease) {
        this.parts = parts;
        this.heartbeat = heartbeat;
        this.lease = lease;
    }

    ChatCore start(String node) {
        return start(node, CoreConfig.defaults());
    }

    ChatCore start(String node, CoreConfig config) {
        return start(node, config, CoreMetrics.NONE);
    }

    /** A node recording into {@code metrics}. */
    ChatCore start(String node, CoreConfig config, CoreMetrics metrics) {
        Clock clock = Clock.systemDefaultZone();
        Store store = parts.store(node);
        ChatCore core = new ChatCore(config, store, store.load(),
                new HashingService(new PhcPasswordHasher(HashCost.testing()), hashingThreads),
                new LoginLockout(3, Duration.ofSeconds(10), clock), LoginThrottle.withDefaults(clock),
                RegistrationGate.withDefaults(clock), (user, hash) -> { }, entries -> { }, Fanout.ONE_BY_ONE, clock,
                metrics, new ClusterMode(node, parts.bus(node), parts.directory(node), heartbeat, lease, ClusterLogs.NONE));
        cores.add(core);
        return core;
    }

    /** Logs in (registering the first time); asserts it worked. */
    Connected login(ChatCore node, String user) throws InterruptedException {
        return login(node, user, 0, 0);
    }

    Connected login(ChatCore node, String user, int udpPort, int privatePort) throws InterruptedException {
        Connected c = connect(node);
        Response r = tryLogin(c, user, user + "pw", udpPort, privatePort);
        assertThat(r).as("login of %s", user).isInstanceOf(Response.LoggedIn.class);
        return c;
    }

    Connected connect(ChatCore node) throws InterruptedException {
        RecordingOutbound out = new RecordingOutbound("127.0.0." + nextHost++);
        Session s = node.open(out);
        node.receive(s, new Request.Hello(1, ProtocolVersion.CURRENT, "test"));
        out.next(Response.HelloOk.class);
        return new Connected(s, out, node);
    }

    /** The answer to the password: logged in, or the error. */
    Response tryLogin(Connected c, String user, String password, int udpPort, int privatePort)
            throws InterruptedException {
        c.send(new Request.LoginUser(2, user));
        c.next(Response.LoginPrompt.class);
        c.send(new Request.LoginPassword(3, password, udpPort, privatePort));
        return (Response) c.out().nextOf(Response.LoggedIn.class, Response.Error.class);
    }

    void logout(Connected c) throws InterruptedException {
        c.send(new Request.Logout(90));
        c.next(Response.Bye.class);
        c.node().closed(c.session());
    }


    @Override
    public void close() {
        for (ChatCore core : cores) {
            core.close();
        }
        hashingThreads.shutdownNow();
    }
}
