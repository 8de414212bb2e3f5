package org.parley.e2e.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.api.ServerErrorException;
import org.parley.client.connection.ServerSecurity;
import org.parley.e2e.harness.ClusterNodes;
import org.parley.e2e.harness.ServerProcess;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Response;
import org.parley.tls.Fingerprint;

/**
 * Issue 15 under a crash: three nodes as processes on one PostgreSQL schema and a Redis bus. Senders on
 * two nodes load the cluster with broadcasts, room messages (the room's members on both), direct
 * messages to offline users and live ones across nodes; node {@code n1} is SIGKILLed in the middle.
 * Read from the third node afterwards, every acknowledged broadcast and room message is there once,
 * numbered 1..N without a gap, every acknowledged offline message reaches its recipient, nothing
 * refused appears. The dead node's users can log in elsewhere once its lease has run out, and the node,
 * restarted, serves again and numbers on. Replay with {@code -Dparley.crash.seed=<seed>}.
 */
class ClusterCrashE2ETest {

    private static final List<String> ON_N1 = List.of("s1", "s2");
    private static final List<String> ON_N2 = List.of("s3", "s4");
    private static final List<String> SENDERS = List.of("s1", "s2", "s3", "s4");
    private static final List<String> OFFLINE = List.of("off1", "off2");
    private static final String PASSWORD = "pw";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private ClusterNodes cluster;
    private final List<ParleyClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        List<String> lines = new ArrayList<>();
        SENDERS.forEach(u -> lines.add(u + " " + PASSWORD));
        OFFLINE.forEach(u -> lines.add(u + " " + PASSWORD));
        cluster = ClusterNodes.create(dir, lines.toArray(String[]::new));
        group = new NioEventLoopGroup(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(ParleyClient::close);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeKilledUnderLoadLosesNothingAcknowledgedAndItsUsersCarryOnElsewhere() throws Exception {
        long seed = Long.getLong("parley.crash.seed", System.nanoTime());
        System.out.println("ClusterCrashE2ETest seed: " + seed + " (replay with -Dparley.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        ServerProcess n1 = cluster.start("n1");
        ServerProcess n2 = cluster.start("n2");
        ServerProcess n3 = cluster.start("n3");

        AtomicInteger acks = new AtomicInteger();
        Map<String, Ledger> offline = new HashMap<>();
        OFFLINE.forEach(u -> offline.put(u, new Ledger(acks)));
        LoadClient.Ledgers ledgers = new LoadClient.Ledgers(new Ledger(acks), new Ledger(acks), offline,
                new Ledger(acks));
        Map<String, List<String>> liveReceived = new HashMap<>();
        List<ParleyClient> senders = new ArrayList<>();
        for (String user : SENDERS) {
            List<String> received = new CopyOnWriteArrayList<>();
            liveReceived.put(user, received);
            senders.add(login(ON_N1.contains(user) ? n1 : n2, user, directMessages(received, false)));
        }
        // s1 on n1 builds the room of s1, s2 (n1) and s3 (n2)
        Response.RoomBuilt built = get(senders.get(0).buildRoom(List.of("s2", "s3")));

        int killAfter = acks.get() + 100 + random.nextInt(400);
        List<LoadClient> load = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < SENDERS.size(); i++) {
            LoadClient sender = new LoadClient(senders.get(i), SENDERS.get(i), 1, new Random(random.nextLong()),
                    ledgers, OFFLINE, SENDERS, built.roomId());
            load.add(sender);
            Thread thread = new Thread(sender, "load-" + SENDERS.get(i));
            threads.add(thread);
            thread.start();
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> acks.get() >= killAfter);
        n1.kill();
        // the senders on n2 go on a little past the crash: the cluster keeps serving them
        int afterKill = acks.get() + 50;
        await().atMost(WAIT).until(() -> acks.get() >= afterKill);
        load.forEach(LoadClient::stop);
        for (Thread thread : threads) {
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
        }
        senders.forEach(ParleyClient::close);
        System.out.printf("killed n1 after %d acknowledgements; %d broadcasts and %d room messages acknowledged%n",
                killAfter, ledgers.broadcasts().acknowledged().size(), ledgers.room().acknowledged().size());

        // read back from the node that saw everything only through the bus and the database
        ParleyClient reader = loginWhenFree(n3, "s3");
        long lastBroadcast = verifyHistory(reader, HistoryKind.BROADCAST, ledgers.broadcasts());
        verifyHistory(reader, HistoryKind.ROOMS, ledgers.room());
        get(reader.logout());
        for (String user : OFFLINE) {
            verifyOfflineDelivery(n3, user, offline.get(user));
        }
        liveReceived.forEach((user, texts) -> assertThat(texts).as(user + " live messages").doesNotHaveDuplicates()
                .allMatch(ledgers.live()::isAllowed));
        // n3's message log holds what the others committed, n1's last ones included
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                Files.readString(cluster.home("n3").resolve("messagelog.txt"), StandardCharsets.UTF_8))
                .contains(ledgers.broadcasts().acknowledged().keySet()));

        // s1 was on the dead node: once its lease has run out s1 logs in on n2; n1 comes back and numbers on
        ParleyClient s1 = loginWhenFree(n2, "s1");
        List<Event.BroadcastReceived> seenByS1 = new CopyOnWriteArrayList<>();
        s1.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                if (event instanceof Event.BroadcastReceived b) {
                    seenByS1.add(b);
                }
            }
        });
        ServerProcess n1Again = cluster.start("n1");
        ParleyClient s2 = loginWhenFree(n1Again, "s2");
        Response.BroadcastSent next = get(s2.broadcast("after the restart"));
        assertThat(next.number()).as("numbering goes on across the cluster").isEqualTo(lastBroadcast + 1);
        await().atMost(WAIT).until(() -> seenByS1.stream().anyMatch(b -> b.text().equals("after the restart")));
    }

    /** RDM since the epoch: numbers 1..N, each acknowledged text once with its number; returns N. */
    private long verifyHistory(ParleyClient reader, HistoryKind kind, Ledger ledger) throws Exception {
        List<HistoryItem> items = get(reader.readHistory(kind, Instant.EPOCH)).items();
        List<Long> numbers = items.stream().map(HistoryItem::number).toList();
        List<String> texts = items.stream().map(HistoryItem::text).toList();
        assertThat(numbers).as(kind + " numbers").containsExactlyElementsOf(
                LongStream.rangeClosed(1, items.size()).boxed().toList());
        assertThat(texts).as(kind + " texts").doesNotHaveDuplicates();
        Map<String, Long> present = new HashMap<>();
        items.forEach(item -> present.put(item.text(), item.number()));
        assertThat(present).as(kind + ": every acknowledged item with its number")
                .containsAllEntriesOf(ledger.acknowledged());
        assertThat(texts).as(kind + ": nothing rejected").noneMatch(ledger.rejected()::contains);
        assertThat(texts).as(kind + ": nothing that was never sent").allMatch(ledger::isAllowed);
        return items.size();
    }

    private void verifyOfflineDelivery(ServerProcess node, String user, Ledger ledger) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        ParleyClient recipient = login(node, user, directMessages(received, true));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).as(user + " receives every acknowledged message")
                .containsAll(ledger.acknowledged().keySet()));
        get(recipient.whoElse());
        assertThat(received).as(user + " offline messages").doesNotHaveDuplicates()
                .noneMatch(ledger.rejected()::contains).allMatch(ledger::isAllowed);
        get(recipient.logout());
    }

    private static ClientListener directMessages(List<String> into, boolean offline) {
        return new ClientListener() {
            @Override
            public void onEvent(Event event) {
                if (event instanceof Event.MessageReceived m && m.offline() == offline) {
                    into.add(m.text());
                }
            }
        };
    }

    /**
     * Logs in, retrying while the account is still held: a user of a killed node stays logged in there
     * until the node's lease runs out, and a closed connection's logout crosses the bus.
     */
    private ParleyClient loginWhenFree(ServerProcess node, String user) throws Exception {
        AtomicReference<ParleyClient> client = new AtomicReference<>();
        // one attempt a second: the server throttles logins per account
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                client.set(login(node, user, new ClientListener() { }));
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ServerErrorException error && (error.code() == ErrorCode.ALREADY_LOGGED_IN
                        || error.code() == ErrorCode.THROTTLED)) {
                    return false;
                }
                throw e;
            }
        });
        return client.get();
    }

    private ParleyClient login(ServerProcess node, String user, ClientListener listener) throws Exception {
        ParleyClient client = get(ParleyClient.connect("127.0.0.1", node.port(), group,
                ParleyClient.DEFAULT_REQUEST_TIMEOUT, new ReceivedMessages(),
                ServerSecurity.pinned(Fingerprint.parse(node.fingerprint()))));
        clients.add(client);
        client.addListener(listener);
        get(client.loginUser(user));
        try {
            get(client.loginPassword(PASSWORD, 0, 0));
        } catch (ExecutionException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
