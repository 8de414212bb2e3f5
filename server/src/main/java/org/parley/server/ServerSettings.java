package org.parley.server;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.parley.server.account.HashCost;

/**
 * Everything a server needs to start, already validated. {@code dbUrl} null means the embedded SQLite
 * file in {@code dataDir}. Change one setting with a {@code with...} method, several with
 * {@link #toBuilder()}. {@code webBind} null means no web port; {@code webTls} is the TLS context the web
 * port serves https and wss with, null for plain http and ws. {@code metricsBind} null means no operator
 * port; {@code shutdownTimeout} bounds a clean stop. {@code clusterBus} null is a single server;
 * otherwise the engine URL of the bus to the other nodes of a cluster, and {@code nodeId} this node's
 * id (cluster mode needs {@code dbUrl}, a PostgreSQL database).
 */
public record ServerSettings(
        InetSocketAddress bind,
        int attempts,
        Duration blockDuration,
        Duration idleTimeout,
        Path credentials,
        Path dataDir,
        Path logDir,
        boolean registration,
        String dbUrl,
        String dbUser,
        String dbPassword,
        HashCost hashCost,
        ZoneId zone,
        int maxConnectionsPerAddress,
        double commandsPerSecond,
        int commandBurst,
        double loginsPerSecondPerAddress,
        double registrationsPerSecond,
        int maxAccounts,
        InetSocketAddress webBind,
        SslContext webTls,
        boolean webSharesTls,
        ServerTls tls,
        InetSocketAddress metricsBind,
        Duration shutdownTimeout,
        String clusterBus,
        String nodeId) {

    /** Defaults of SPEC 1.1, relative to the working directory. */
    public static ServerSettings defaults() {
        return new ServerSettings(new InetSocketAddress(12000), 3, Duration.ofSeconds(10), Duration.ZERO,
                Path.of("credentials.txt"), Path.of("data"), Path.of("."), true, null, null, null,
                HashCost.production(), ZoneId.systemDefault(), 200, 200, 400, 1, 0.5, 0,
                new InetSocketAddress(8080), null, true, ServerTls.selfSigned(), null, Duration.ofSeconds(30), null,
                null);
    }

    /** For tests and benchmarks: an ephemeral loopback port, files under {@code dir}, cheap hashing. */
    public static ServerSettings forTesting(Path dir) {
        return defaults()
                .withBind(new InetSocketAddress("127.0.0.1", 0))
                .withFiles(dir.resolve("credentials.txt"), dir.resolve("data"), dir)
                .withHashCost(HashCost.testing())
                .withRegistrationLimits(1_000_000, 0) // tests register many users; RegistrationGate has its own
                .withWeb(null, null); // tests of the web client turn it on, on a port of their own
    }

    /** One node of a cluster: the bus's engine URL and this node's id (null, null: a single server). */
    public ServerSettings withCluster(String busUrl, String node) {
        return toBuilder().clusterBus(busUrl).nodeId(node).build();
    }

    public boolean clustered() {
        return clusterBus != null;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ServerSettings withBind(InetSocketAddress b) {
        return toBuilder().bind(b).build();
    }

    public ServerSettings withFiles(Path creds, Path data, Path logs) {
        return toBuilder().credentials(creds).dataDir(data).logDir(logs).build();
    }

    public ServerSettings withHashCost(HashCost cost) {
        return toBuilder().hashCost(cost).build();
    }

    public ServerSettings withLockout(int n, Duration block) {
        return toBuilder().attempts(n).blockDuration(block).build();
    }

    public ServerSettings withIdleTimeout(Duration timeout) {
        return toBuilder().idleTimeout(timeout).build();
    }

    public ServerSettings withRegistration(boolean on) {
        return toBuilder().registration(on).build();
    }

    public ServerSettings withDatabase(String url, String user, String password) {
        return toBuilder().dbUrl(url).dbUser(user).dbPassword(password).build();
    }

    public ServerSettings withLimits(int connectionsPerAddress, double perSecond, int burst) {
        return toBuilder().maxConnectionsPerAddress(connectionsPerAddress).commandsPerSecond(perSecond)
                .commandBurst(burst).build();
    }

    /** Login attempts per second from one address (burst ten times that); per account stays strict. */
    public ServerSettings withLoginRate(double perSecondPerAddress) {
        return toBuilder().loginsPerSecondPerAddress(perSecondPerAddress).build();
    }

    /**
     * New accounts per second, server-wide (burst a minute's worth, at least 10), and the most accounts
     * the server holds (0: no cap).
     */
    public ServerSettings withRegistrationLimits(double perSecond, int max) {
        return toBuilder().registrationsPerSecond(perSecond).maxAccounts(max).build();
    }

    /**
     * The web client's address (null: none) and its own TLS context (null: plain http and ws), for tests;
     * the product's web port shares the chat port's identity instead ({@link #withWebSharingTls}).
     */
    public ServerSettings withWeb(InetSocketAddress bind, SslContext tls) {
        return toBuilder().webBind(bind).webTls(tls).webSharesTls(false).build();
    }

    /** The web client on {@code bind} with the chat port's TLS identity (https and wss), or plain when it has none. */
    public ServerSettings withWebSharingTls(InetSocketAddress bind) {
        return toBuilder().webBind(bind).webTls(null).webSharesTls(true).build();
    }

    public ServerSettings withTls(ServerTls t) {
        return toBuilder().tls(t).build();
    }

    public ServerSettings withZone(ZoneId z) {
        return toBuilder().zone(z).build();
    }

    /** The operator port (metrics, health, readiness) on {@code bind}; null: none. */
    public ServerSettings withMetrics(InetSocketAddress bind) {
        return toBuilder().metricsBind(bind).build();
    }

    /** How long a shutdown may take, from the first step (not ready) to the store's last commit. */
    public ServerSettings withShutdownTimeout(Duration timeout) {
        return toBuilder().shutdownTimeout(timeout).build();
    }

    /** Mutable only while settings are being assembled. */
    public static final class Builder {
        private InetSocketAddress bind;
        private int attempts;
        private Duration blockDuration;
        private Duration idleTimeout;
        private Path credentials;
        private Path dataDir;
        private Path logDir;
        private boolean registration;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private HashCost hashCost;
        private ZoneId zone;
        private int maxConnectionsPerAddress;
        private double commandsPerSecond;
        private int commandBurst;
        private double loginsPerSecondPerAddress;
        private double registrationsPerSecond;
        private int maxAccounts;
        private InetSocketAddress webBind;
        private SslContext webTls;
        private boolean webSharesTls;
        private ServerTls tls;
        private InetSocketAddress metricsBind;
        private Duration shutdownTimeout;
        private String clusterBus;
        private String nodeId;

        private Builder(ServerSettings s) {
            bind = s.bind;
            attempts = s.attempts;
            blockDuration = s.blockDuration;
            idleTimeout = s.idleTimeout;
            credentials = s.credentials;
            dataDir = s.dataDir;
            logDir = s.logDir;
            registration = s.registration;
            dbUrl = s.dbUrl;
            dbUser = s.dbUser;
            dbPassword = s.dbPassword;
            hashCost = s.hashCost;
            zone = s.zone;
            maxConnectionsPerAddress = s.maxConnectionsPerAddress;
            commandsPerSecond = s.commandsPerSecond;
            commandBurst = s.commandBurst;
            loginsPerSecondPerAddress = s.loginsPerSecondPerAddress;
            registrationsPerSecond = s.registrationsPerSecond;
            maxAccounts = s.maxAccounts;
            webBind = s.webBind;
            webTls = s.webTls;
            webSharesTls = s.webSharesTls;
            tls = s.tls;
            metricsBind = s.metricsBind;
            shutdownTimeout = s.shutdownTimeout;
            clusterBus = s.clusterBus;
            nodeId = s.nodeId;
        }

        public Builder bind(InetSocketAddress v) { bind = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder blockDuration(Duration v) { blockDuration = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder credentials(Path v) { credentials = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder logDir(Path v) { logDir = v; return this; }
        public Builder registration(boolean v) { registration = v; return this; }
        public Builder dbUrl(String v) { dbUrl = v; return this; }
        public Builder dbUser(String v) { dbUser = v; return this; }
        public Builder dbPassword(String v) { dbPassword = v; return this; }
        public Builder hashCost(HashCost v) { hashCost = v; return this; }
        public Builder zone(ZoneId v) { zone = v; return this; }
        public Builder maxConnectionsPerAddress(int v) { maxConnectionsPerAddress = v; return this; }
        public Builder commandsPerSecond(double v) { commandsPerSecond = v; return this; }
        public Builder commandBurst(int v) { commandBurst = v; return this; }
        public Builder loginsPerSecondPerAddress(double v) { loginsPerSecondPerAddress = v; return this; }
        public Builder registrationsPerSecond(double v) { registrationsPerSecond = v; return this; }
        public Builder maxAccounts(int v) { maxAccounts = v; return this; }
        public Builder webBind(InetSocketAddress v) { webBind = v; return this; }
        public Builder webTls(SslContext v) { webTls = v; return this; }
        public Builder webSharesTls(boolean v) { webSharesTls = v; return this; }
        public Builder tls(ServerTls v) { tls = v; return this; }
        public Builder metricsBind(InetSocketAddress v) { metricsBind = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        public Builder clusterBus(String v) { clusterBus = v; return this; }
        public Builder nodeId(String v) { nodeId = v; return this; }

        public ServerSettings build() {
            return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir,
                    registration, dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress,
                    commandsPerSecond, commandBurst, loginsPerSecondPerAddress, registrationsPerSecond, maxAccounts,
                    webBind, webTls, webSharesTls, tls, metricsBind, shutdownTimeout, clusterBus, nodeId);
        }
    }
}
