package org.parley.server.cluster;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus over PostgreSQL LISTEN/NOTIFY, on the node's own database and the PostgreSQL JDBC
 * driver: no other service. PostgreSQL delivers a notification when the transaction that sent it
 * commits, in commit order, to every session listening at that moment; notifications of one
 * transaction arrive in the order sent, and identical ones within one transaction are folded into one,
 * so a batch is split wherever a payload repeats. Payloads are text, under 8,000 bytes: see
 * {@link NotifyPayload} (5,997 bytes of message at most). This node's own messages come back to it.
 *
 * <p>Two connections of its own, outside the store's pool (a listening session must stay open, and
 * publishing must not wait behind the store's writes): the listener, on the listener thread, polled
 * with {@link PGConnection#getNotifications(int)} and checked with {@code isValid} after a quiet
 * spell so that a silently dead socket is found too; and the publisher, on the {@link PublishLoop}
 * thread, which sends each batch as one autocommitted statement, {@code pg_notify} over an array,
 * with {@code synchronous_commit} off for that session only (see {@link Publisher#connect}).
 *
 * <p>Threads: the listener thread calls the listener through {@link LinkReporter}; the publisher
 * thread drains the {@link Outbox}; {@link #publish} and {@link #close} from any thread.
 */
public final class PostgresBus extends OutboxBus {

    private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);

    private static final int POLL_MILLIS = 250;
    private static final long CHECK_AFTER_QUIET_MILLIS = 5_000;
    private static final int START_TIMEOUT_SECONDS = 15;
    /** One statement per batch; an array of base64 strings, at most 64 x 8 kB. */
    private static final String NOTIFY_BATCH = "SELECT count(pg_notify(?, m)) FROM unnest(?::text[]) AS m";

    private final String url;
    private final String user;
    private final String password;
    private final String channel;
    private final String nodeId;
    private final Backoff backoff;
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private volatile Thread listenerThread;
    private volatile Connection listening;
    private volatile SQLException startFailure;
    private volatile PublishLoop publisher;

    PostgresBus(String url, String user, String password, String channel, String nodeId, Backoff backoff,
            int outboxCapacity) {
        super("postgres", outboxCapacity);
        this.url = url;
        this.user = user;
        this.password = password;
        this.channel = channel;
        this.nodeId = nodeId;
        this.backoff = backoff;
    }

    @Override
    public String engine() {
        return "postgres";
    }

    @Override
    public int maxPayloadBytes() {
        return NotifyPayload.MAX_BYTES;
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        LinkReporter link = claimStart(listener);
        Thread thread = new Thread(() -> listenLoop(link), "bus-postgres-listen-" + nodeId);
        thread.setDaemon(true);
        listenerThread = thread;
        thread.start();
        boolean listening;
        try {
            listening = firstListen.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while listening on PostgreSQL", e);
        }
        if (!listening || startFailure != null) {
            close();
            throw new IOException("could not LISTEN on channel '" + channel + "' of PostgreSQL", startFailure);
        }
        publisher = new PublishLoop("postgres", nodeId, outbox, new Publisher(), backoff, 64);
        publisher.start();
    }

    /** A connection of the bus's own, named so that an operator finds it in pg_stat_activity. */
    Connection connect(String role) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "parley-bus-" + role + "-" + nodeId);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "5");
        Connection c = DriverManager.getConnection(url, props);
        c.setAutoCommit(true);
        return c;
    }

    /** The listener thread: connect, LISTEN, poll until the connection fails, back off, again. */
    private void listenLoop(LinkReporter link) {
        long attempt = 0;
        while (!closed) {
            try (Connection c = connect("listen")) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel); // channel is [A-Za-z0-9_]+: BusAddress checked it
                }
                attempt = 0;
                link.up();
                firstListen.countDown();
                poll(c, link);
            } catch (SQLException e) {
                if (closed) {
                    break;
                }
                if (firstListen.getCount() > 0) {
                    startFailure = e;
                    firstListen.countDown();
                    return;
                }
                link.down(e);
            } finally {
                listening = null;
            }
            try {
                Thread.sleep(backoff.delay(attempt++).toMillis());
            } catch (InterruptedException e) {
                // close() interrupts: the loop condition ends the thread
            }
        }
        firstListen.countDown();
    }

    private void poll(Connection c, LinkReporter link) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification n : notifications) {
                    deliver(n, link);
                }
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(CHECK_AFTER_QUIET_MILLIS)) {
                if (!c.isValid(5)) {
                    throw new SQLException("the listening connection to PostgreSQL stopped answering");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private void deliver(PGNotification n, LinkReporter link) {
        byte[] payload;
        try {
            payload = NotifyPayload.decode(n.getParameter());
        } catch (IllegalArgumentException e) {
            log.warn("postgres bus: ignoring a notification on '{}' from backend {} that is not base64: {}",
                    channel, n.getPID(), e.getMessage());
            return;
        }
        link.received(payload);
    }

    @Override
    void checkSize(int length) {
        NotifyPayload.check(length); // says why: base64 inside NOTIFY's limit
    }

    @Override
    void closeEngine() {
        Thread thread = listenerThread;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5)); // the poll returns within POLL_MILLIS
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PublishLoop loop = publisher;
        if (loop != null) {
            loop.stop();
        }
    }

    /** The backend pid of the listening connection, or -1; for tests that cut it off. */
    int listeningBackendPid() {
        Connection c = listening;
        if (c == null) {
            return -1;
        }
        try {
            return c.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The publisher thread's connection; one autocommitted statement per batch of distinct payloads. */
    private final class Publisher implements PublishLoop.Sender {
        private Connection c;
        private PreparedStatement notify;

        @Override
        public void connect() throws SQLException {
            if (c == null) {
                c = PostgresBus.this.connect("publish");
                try (Statement s = c.createStatement()) {
                    // A notification is not durable anyway (it lives in memory until every listener has
                    // read it, and a crash loses it), so its transaction need not wait for the WAL flush:
                    // with the default it costs an fsync per batch, milliseconds, for nothing.
                    s.execute("SET synchronous_commit TO off");
                }
                notify = c.prepareStatement(NOTIFY_BATCH);
            }
        }

        @Override
        public void send(List<byte[]> batch) throws SQLException {
            List<String> run = new ArrayList<>(batch.size());
            for (byte[] payload : batch) {
                String text = NotifyPayload.encode(payload);
                if (run.contains(text)) { // PostgreSQL would fold the two into one notification
                    sendRun(run);
                    run.clear();
                }
                run.add(text);
            }
            sendRun(run);
        }

        private void sendRun(List<String> run) throws SQLException {
            Array array = c.createArrayOf("text", run.toArray());
            try {
                notify.setString(1, channel);
                notify.setArray(2, array);
                notify.executeQuery().close();
            } finally {
                array.free();
            }
        }

        @Override
        public void disconnect() {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    log.debug("postgres bus: closing the publishing connection", e);
                }
                c = null;
                notify = null;
            }
        }
    }
}
