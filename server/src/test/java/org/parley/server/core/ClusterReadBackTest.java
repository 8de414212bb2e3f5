package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.ClusterFixture.Connected;
import org.parley.server.core.bus.InMemoryBus;
import org.parley.server.core.store.InMemoryClusterDirectory;
import org.parley.server.core.store.InMemoryStore;
import org.parley.server.core.store.Store;

/**
 * A node reads the database for a number it is missing while its own commit of that number is still
 * completing (a busy writer: committed, its future not yet done). Node a's saves are visible in the shared store
 * at once, but their futures complete {@value #LATE_MILLIS} ms late.
 */
class ClusterReadBackTest {

    static final long LATE_MILLIS = 300;

    final InMemoryStore store = new InMemoryStore();
    final InMemoryClusterDirectory directory = new InMemoryClusterDirectory();
    final InMemoryBus bus = InMemoryBus.smallest();
    ClusterFixture cluster;
    ChatCore a;
    ChatCore c;

    /** The shared store, whose broadcast and room-message saves answer node a late. */
    Store answeringLate() {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("saveBroadcast") || method.getName().equals("saveRoomMessage")) {
                        return ((CompletableFuture<?>) result).thenApplyAsync(v -> v,
                                CompletableFuture.delayedExecutor(LATE_MILLIS, TimeUnit.MILLISECONDS));
                    }
                    return result;
                });
    }

    @BeforeEach
    void startTwoNodes() {
        cluster = new ClusterFixture(ClusterFixture.shared(node -> node.equals("a") ? answeringLate() : store,
                directory, bus), Duration.ofMillis(250), Duration.ofSeconds(2));
        a = cluster.start("a");
        c = cluster.start("c");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anOwnBroadcastFoundInTheDatabaseBeforeItsCommitCompletedIsShownOnceAndNotToItsSender() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected dave = cluster.login(a, "dave");
        Connected carol = cluster.login(c, "carol");
        alice.send(new Request.SendBroadcast(30, "from a"));
        await().until(() -> store.broadcastsAfter(Long.MIN_VALUE, 0, 10).get().size() == 1);
        carol.send(new Request.SendBroadcast(31, "from c")); // #2 reaches a, which reads #1 while it waits
        List<Long> alicesCopies = new ArrayList<>();
        for (Frame f = nextCopyOrSent(alice); !(f instanceof Response.BroadcastSent); f = nextCopyOrSent(alice)) {
            alicesCopies.add(((Event.BroadcastReceived) f).number());
        }
        carol.send(new Request.SendBroadcast(32, "a marker"));
        alicesCopies.add(alice.next(Event.BroadcastReceived.class).number());

        assertThat(numbers(dave, 3)).containsExactly(1L, 2L, 3L);
        assertThat(alicesCopies).as("others' broadcasts only, once each").containsExactly(2L, 3L);
    }

    private static Frame nextCopyOrSent(Connected who) throws InterruptedException {
        return who.out().nextOf(Event.BroadcastReceived.class, Response.BroadcastSent.class);
    }

    @Test
    void anOwnRoomMessageFoundInTheDatabaseBeforeItsCommitCompletedIsShownOnce() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected dave = cluster.login(a, "dave");
        Connected carol = cluster.login(c, "carol");
        await().until(() -> directory.claimsNow().containsKey("carol"));
        alice.next(Event.UserLoggedIn.class); // dave, on a
        alice.next(Event.UserLoggedIn.class); // carol, from c
        alice.send(new Request.BuildRoom(50, List.of("dave", "carol")));
        long room = alice.next(Response.RoomBuilt.class).roomId();
        carol.next(Event.RoomJoined.class);
        alice.send(new Request.SendRoomMessage(51, room, "from a"));
        await().until(() -> store.roomMessagesAfter(List.of(room), Long.MIN_VALUE, room, 0, 10).get().size() == 1);
        carol.send(new Request.SendRoomMessage(52, room, "from c"));
        assertThat(alice.next(Response.RoomMessageSent.class).number()).isEqualTo(1);
        carol.send(new Request.SendRoomMessage(53, room, "a marker"));

        List<Long> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(dave.next(Event.RoomMessageReceived.class).number());
        }
        assertThat(got).containsExactly(1L, 2L, 3L);
    }

    private static List<Long> numbers(Connected who, int count) throws InterruptedException {
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(who.next(Event.BroadcastReceived.class).number());
        }
        return got;
    }
}
