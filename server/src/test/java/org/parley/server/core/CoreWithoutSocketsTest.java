package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.account.HashCost;
import org.parley.server.account.HashingService;
import org.parley.server.account.LoginLockout;
import org.parley.server.account.LoginThrottle;
import org.parley.server.account.PhcPasswordHasher;
import org.parley.server.core.store.InMemoryStore;

/**
 * The chat core on its own ports only: an in-memory store, a recording user log and fake connections;
 * no socket, no SQLite, no file. It shows that the core needs nothing of {@code storage}, {@code net} or
 * {@code textlog}, and checks the core's side of the delivery promise against the store it talks to.
 */
class CoreWithoutSocketsTest {

    private final InMemoryStore store = new InMemoryStore();
    private final List<List<ActiveUserLog.Entry>> userLog = new CopyOnWriteArrayList<>();
    private ExecutorService hashingThreads;
    private ChatCore core;
    private int nextHost = 2;

    @BeforeEach
    void start() {
        Clock clock = Clock.systemDefaultZone();
        hashingThreads = HashingService.newDedicatedExecutor(1, 16);
        core = new ChatCore(CoreConfig.defaults(), store, store.load(),
                new HashingService(new PhcPasswordHasher(HashCost.testing()), hashingThreads),
                new LoginLockout(3, Duration.ofSeconds(10), clock), LoginThrottle.withDefaults(clock),
                (user, hash) -> { }, userLog::add, Fanout.ONE_BY_ONE, clock);
    }

    @AfterEach
    void stop() {
        core.close();
        hashingThreads.shutdownNow();
    }

    @Test
    void aStoredMessageIsDeliveredOnlyOnceAcknowledgedAndSentAgainWhenItWasNot() throws Exception {
        Connected bob = login("bob");
        logout(bob);
        Connected alice = login("alice");

        core.receive(alice.session, new Request.SendMessage(20, "bob", "are you there"));
        assertThat(alice.out.next(Response.MessageSent.class)).isEqualTo(new Response.MessageSent(20, "bob", true));
        assertThat(store.pendingFor("bob")).hasSize(1);

        // shown, never acknowledged: still pending, so the next login gets it again
        Connected first = login("bob");
        Event.MessageReceived shown = first.out.next(Event.MessageReceived.class);
        assertThat(shown.text()).isEqualTo("are you there");
        assertThat(shown.offline()).isTrue();
        logout(first);
        assertThat(store.isDelivered(shown.messageId())).isFalse();

        Connected second = login("bob");
        Event.MessageReceived again = second.out.next(Event.MessageReceived.class);
        assertThat(again.messageId()).isEqualTo(shown.messageId());
        core.receive(second.session, new Request.Ack(30, List.of(again.messageId())));
        await().atMost(TestConnection.WAIT).until(() -> store.isDelivered(again.messageId()));
        assertThat(store.pendingFor("bob")).isEmpty();
    }

    @Test
    void anAckOfSomeoneElsesMessageChangesNothing() throws Exception {
        Connected carol = login("carol");
        logout(carol);
        Connected alice = login("alice");
        Connected mallory = login("mallory");
        core.receive(alice.session, new Request.SendMessage(20, "carol", "for carol only"));
        alice.out.next(Response.MessageSent.class);
        long id = store.pendingFor("carol").get(0).id();

        core.receive(mallory.session, new Request.Ack(21, List.of(id)));
        // a request after the ack has been handled: the core thread is past it
        core.receive(mallory.session, new Request.WhoElse(22));
        mallory.out.next(Response.UserList.class);
        assertThat(store.isDelivered(id)).isFalse();
    }

    @Test
    void broadcastsTakeTheStoresNumbersAndTheUserLogFollowsPresence() throws Exception {
        Connected alice = login("alice");
        Connected bob = login("bob");
        core.receive(alice.session, new Request.SendBroadcast(40, "one"));
        core.receive(alice.session, new Request.SendBroadcast(41, "two"));
        assertThat(alice.out.next(Response.BroadcastSent.class).number()).isEqualTo(1);
        assertThat(alice.out.next(Response.BroadcastSent.class).number()).isEqualTo(2);
        assertThat(bob.out.next(Event.BroadcastReceived.class).text()).isEqualTo("one");
        assertThat(bob.out.next(Event.BroadcastReceived.class).text()).isEqualTo("two");

        await().atMost(TestConnection.WAIT).until(() -> !userLog.isEmpty()
                && userLog.get(userLog.size() - 1).stream().map(ActiveUserLog.Entry::user).toList()
                        .equals(List.of("alice", "bob")));
        logout(alice);
        await().atMost(TestConnection.WAIT).until(() -> userLog.get(userLog.size() - 1).stream()
                .map(ActiveUserLog.Entry::user).toList().equals(List.of("bob")));
    }

    @Test
    void aRoomTheStoreHasButTheCoreDoesNotIsTheAnswerToItsBuild() throws Exception {
        Connected alice = login("alice");
        login("bob");
        // committed although the writer reported it failed (a commit whose outcome was unknown)
        store.saveRoom(List.of("alice", "bob"), "alice", 1).get();

        core.receive(alice.session, new Request.BuildRoom(50, List.of("bob")));

        org.parley.protocol.Frame answer = alice.out.nextOf(Response.RoomBuilt.class, Response.Error.class);
        assertThat(answer).isEqualTo(new Response.RoomBuilt(50, 1, List.of("alice", "bob"), true));
    }

    private record Connected(Session session, RecordingOutbound out) {}

    /** Logs in (registering the user the first time) with the password user + "pw". */
    private Connected login(String user) throws InterruptedException {
        RecordingOutbound out = new RecordingOutbound("127.0.0." + nextHost++);
        Session s = core.open(out);
        core.receive(s, new Request.Hello(1, ProtocolVersion.CURRENT, "test"));
        out.next(Response.HelloOk.class);
        core.receive(s, new Request.LoginUser(2, user));
        out.next(Response.LoginPrompt.class);
        core.receive(s, new Request.LoginPassword(3, user + "pw", 0, 0));
        assertThat(out.next(Response.LoggedIn.class).username()).isEqualTo(user);
        return new Connected(s, out);
    }

    private void logout(Connected c) throws InterruptedException {
        core.receive(c.session, new Request.Logout(90));
        c.out.next(Response.Bye.class);
        core.closed(c.session);
    }
}
