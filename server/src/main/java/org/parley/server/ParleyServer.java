package org.parley.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.parley.server.account.CredentialsFile;
import org.parley.server.account.HashingService;
import org.parley.server.account.LoginLockout;
import org.parley.server.account.LoginThrottle;
import org.parley.server.account.PhcPasswordHasher;
import org.parley.server.account.RateLimit;
import org.parley.server.account.RegistrationGate;
import org.parley.server.core.ChatCore;
import org.parley.server.core.ClusterMode;
import org.parley.server.core.CoreConfig;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.bus.ClusterBusFactory;
import org.parley.server.core.store.ClusterDirectory;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.Snapshot;
import org.parley.server.core.store.Store;
import org.parley.server.files.OwnerOnly;
import org.parley.server.net.ChannelFanout;
import org.parley.server.net.NetConfig;
import org.parley.server.net.NetServer;
import org.parley.server.net.WebServer;
import org.parley.server.storage.JdbcClusterDirectory;
import org.parley.server.storage.JdbcStore;
import org.parley.server.storage.StorageConfig;
import org.parley.server.textlog.MessageLogs;
import org.parley.server.textlog.SharedMessageLogs;
import org.parley.server.textlog.UserLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.parley.server.tls.ServerIdentity;
import org.parley.tls.Fingerprint;
import org.parley.tls.TlsContexts;
import org.parley.tls.TlsIdentity;

/**
 * A running server: store, chat core and network, started in that order and closed in reverse, so
 * that everything acknowledged is committed before the process ends.
 */
public final class ParleyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);
    private static final long SHUTDOWN_NOTICE_WAIT_SECONDS = 5;

    private final List<DirectoryLock> locks;
    private final Store store;
    private final ExecutorService hashingThreads;
    private final UserLog userLog;
    private final ChatCore core;
    private final NetServer net;
    /** Null when the web port is off. */
    private final WebServer web;
    private final TlsIdentity identity;
    /** Cluster mode: the bus to the other nodes and the shared claims; null for a single server. */
    private final ClusterBus bus;
    private final ClusterDirectory directory;
    private final SharedMessageLogs sharedLogs;

    /**
     * How cluster mode opens its bus. The engine adapters ({@code org.parley.server.cluster}) plug in
     * here ({@code ClusterBuses::open}); until then cluster mode is refused with a clear message.
     */
    static final ClusterBusFactory BUSES = ClusterBusFactory.NONE;

    private ParleyServer(List<DirectoryLock> locks, Store store, ExecutorService hashingThreads, UserLog userLog,
            ChatCore core, NetServer net, WebServer web, TlsIdentity identity, ClusterBus bus,
            ClusterDirectory directory, SharedMessageLogs sharedLogs) {
        this.bus = bus;
        this.directory = directory;
        this.sharedLogs = sharedLogs;
        this.identity = identity;
        this.locks = locks;
        this.store = store;
        this.hashingThreads = hashingThreads;
        this.userLog = userLog;
        this.core = core;
        this.net = net;
        this.web = web;
    }

    public static ParleyServer start(ServerSettings settings) throws IOException, InterruptedException {
        return start(settings, UnaryOperator.identity());
    }

    /**
     * Like {@link #start(ServerSettings)}, with the store seen through {@code storeView}: for tests
     * that inject faults (a store whose writes fail) into an otherwise real server.
     */
    public static ParleyServer start(ServerSettings settings, UnaryOperator<Store> storeView)
            throws IOException, InterruptedException {
        return start(settings, storeView, BUSES);
    }

    /** As above; a cluster node's bus opened by {@code buses} (tests give an in-memory hub). */
    public static ParleyServer start(ServerSettings settings, UnaryOperator<Store> storeView, ClusterBusFactory buses)
            throws IOException, InterruptedException {
        if (settings.clustered() && (settings.dbUrl() == null || !settings.dbUrl().startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("cluster mode needs the PostgreSQL store: give --db-url jdbc:postgresql://...");
        }
        // Before anything touches a file: a second server on the same directories must change nothing.
        List<DirectoryLock> locks = lockDirectories(settings);
        try {
            return start(settings, storeView, locks, buses);
        } catch (IOException | InterruptedException | RuntimeException e) {
            locks.forEach(DirectoryLock::close);
            throw e;
        }
    }

    private static ParleyServer start(ServerSettings settings, UnaryOperator<Store> storeView, List<DirectoryLock> locks,
            ClusterBusFactory buses) throws IOException, InterruptedException {
        Clock clock = Clock.systemDefaultZone();
        // Before the store: a missing or unreadable key must stop the server before it changes anything.
        TlsIdentity identity = identity(settings);
        var tls = identity == null ? null : TlsContexts.server(identity);
        StorageConfig storage = settings.dbUrl() == null
                ? StorageConfig.sqlite(settings.dataDir())
                : StorageConfig.of(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        if (settings.clustered()) {
            storage = storage.withClusterNode(settings.nodeId());
        }
        MessageLogs messageLogs = new MessageLogs(settings.logDir(), settings.zone());
        // a cluster node's logs also take the other nodes' messages (see SharedMessageLogs)
        SharedMessageLogs sharedLogs = settings.clustered() ? new SharedMessageLogs(messageLogs) : null;
        Store store = storeView.apply(JdbcStore.open(storage, sharedLogs != null ? sharedLogs : messageLogs));
        ClusterBus bus = null;
        ClusterDirectory directory = null;
        try {
            if (settings.clustered()) {
                directory = JdbcClusterDirectory.open(storage);
                bus = buses.open(settings.clusterBus(), settings.nodeId(), settings.dbUrl(), settings.dbUser(),
                        settings.dbPassword());
            }
            PhcPasswordHasher hasher = new PhcPasswordHasher(settings.hashCost());
            CredentialsFile credentials = new CredentialsFile(settings.credentials());
            Snapshot loaded = store.load();
            Map<String, String> accounts = new LinkedHashMap<>();
            loaded.accounts().forEach(a -> accounts.put(a.username(), a.passwordHash()));
            CredentialsImport.run(credentials, hasher, store, accounts);
            List<AccountRecord> merged = new ArrayList<>();
            accounts.forEach((u, h) -> merged.add(new AccountRecord(u, h)));
            Snapshot snapshot = new Snapshot(merged, loaded.blocks(), loaded.rooms(), loaded.lastBroadcastNumber(),
                    loaded.lastRoomMessageNumbers());

            ExecutorService hashingThreads = HashingService.newDedicatedExecutor(
                    Math.max(1, Runtime.getRuntime().availableProcessors()), 1024);
            UserLog userLog = new UserLog(settings.logDir(), settings.zone());
            CoreConfig coreConfig = CoreConfig.defaults()
                    .withRegistration(settings.registration())
                    .withIdleTimeout(settings.idleTimeout())
                    .withZone(settings.zone())
                    .withCommandRate(settings.commandsPerSecond(), settings.commandBurst());
            ChatCore core = new ChatCore(coreConfig, store, snapshot, new HashingService(hasher, hashingThreads),
                    new LoginLockout(settings.attempts(), settings.blockDuration(), clock),
                    loginThrottle(settings, clock), registrationGate(settings, clock), credentials::append, userLog,
                    new ChannelFanout(), clock,
                    bus == null ? null : ClusterMode.of(settings.nodeId(), bus, directory).withLogs(sharedLogs));
            NetServer net = NetServer.start(core, NetConfig.defaults(settings.bind())
                    .withMaxConnectionsPerAddress(settings.maxConnectionsPerAddress())
                    .withTls(tls));
            WebServer web;
            try {
                web = startWeb(settings, core, net, settings.webSharesTls() ? tls : settings.webTls());
            } catch (InterruptedException | IOException | RuntimeException e) {
                net.close();
                core.close();
                throw e;
            }
            return new ParleyServer(locks, store, hashingThreads, userLog, core, net, web, identity, bus, directory,
                    sharedLogs);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (bus != null) {
                bus.close();
            }
            if (directory != null) {
                directory.close();
            }
            store.close();
            if (sharedLogs != null) {
                sharedLogs.close();
            }
            throw e;
        }
    }

    /**
     * The web client's port, on the chat port's event loops and with its limits; over {@code tls} (the
     * chat port's own context in the product, so https and wss with the same identity) unless null.
     */
    private static WebServer startWeb(ServerSettings settings, ChatCore core, NetServer net,
                                      io.netty.handler.ssl.SslContext tls)
            throws InterruptedException, java.net.BindException {
        if (settings.webBind() == null) {
            return null;
        }
        return WebServer.start(core, NetConfig.defaults(settings.webBind())
                .withMaxConnectionsPerAddress(settings.maxConnectionsPerAddress()), tls, net);
    }

    /** The identity the chat port proves itself with, or null for plain TCP. */
    private static TlsIdentity identity(ServerSettings settings) throws IOException {
        ServerTls tls = settings.tls();
        if (!tls.enabled()) {
            return null;
        }
        return tls.operatorCertificate()
                ? ServerIdentity.operator(tls.certificateFile(), tls.keyFile())
                : ServerIdentity.selfManaged(settings.dataDir());
    }

    /** The log directory, and the data directory when the database is the embedded file in it. */
    private static List<DirectoryLock> lockDirectories(ServerSettings settings) throws IOException {
        List<DirectoryLock> locks = new ArrayList<>();
        Path logs = settings.logDir().toAbsolutePath().normalize();
        OwnerOnly.createdDirectory(logs);
        locks.add(DirectoryLock.acquire(logs, "log directory"));
        Path data = settings.dataDir().toAbsolutePath().normalize();
        if (settings.dbUrl() == null && !data.equals(logs)) {
            // The data directory is the server's alone; the log directory (by default the working
            // directory) may be the operator's, so only its files are made owner-only.
            try {
                OwnerOnly.privateDirectory(data);
                locks.add(DirectoryLock.acquire(data, "data directory"));
            } catch (IOException | RuntimeException e) {
                locks.forEach(DirectoryLock::close);
                throw e;
            }
        }
        return locks;
    }

    private static RegistrationGate registrationGate(ServerSettings settings, Clock clock) {
        double rate = settings.registrationsPerSecond();
        int burst = (int) Math.max(10, Math.min(1_000_000, rate * 60));
        java.time.Duration refill = java.time.Duration.ofNanos((long) Math.max(1, 1e9 / rate));
        return new RegistrationGate(clock, new RateLimit(burst, refill), settings.maxAccounts());
    }

    private static LoginThrottle loginThrottle(ServerSettings settings, Clock clock) {
        double rate = settings.loginsPerSecondPerAddress();
        int burst = (int) Math.max(10, Math.min(1_000_000, rate * 10));
        java.time.Duration refill = java.time.Duration.ofNanos((long) Math.max(1, 1e9 / rate));
        return new LoginThrottle(clock, new RateLimit(burst, refill), LoginThrottle.DEFAULT_PER_ACCOUNT,
                LoginThrottle.DEFAULT_MAX_TRACKED);
    }

    public InetSocketAddress address() {
        return net.address();
    }

    public int port() {
        return net.address().getPort();
    }

    /** The web client's address, or null when the web port is off. */
    public InetSocketAddress webAddress() {
        return web == null ? null : web.address();
    }

    /** The SHA-256 fingerprint of the certificate the chat port presents; empty with plain TCP. */
    public java.util.Optional<Fingerprint> fingerprint() {
        return java.util.Optional.ofNullable(identity).map(TlsIdentity::fingerprint);
    }

    /** The certificate chain the chat port presents; empty with plain TCP. */
    public List<java.security.cert.X509Certificate> certificateChain() {
        return identity == null ? List.of() : identity.chain();
    }

    public ChatCore core() {
        return core;
    }

    /**
     * Tells every logged-in client that the server is shutting down, stops accepting, lets the core
     * finish its queue, then commits everything queued.
     */
    @Override
    public void close() {
        try {
            // the notices are queued to the I/O threads, whose graceful shutdown writes them before closing
            core.announceShutdown().get(SHUTDOWN_NOTICE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not tell every client that the server is shutting down", e);
        }
        if (web != null) {
            web.close();
        }
        net.close();
        core.close();
        if (bus != null) {
            bus.close();
            directory.close();
        }
        hashingThreads.shutdownNow();
        if (sharedLogs != null) {
            sharedLogs.close(); // the other nodes' lines handed over, before the store's last commits
        }
        store.close();
        userLog.close();
        locks.forEach(DirectoryLock::close);
    }
}
