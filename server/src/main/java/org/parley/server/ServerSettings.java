package org.parley.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.parley.server.account.HashCost;

/**
 * Everything a server needs to start, already validated. {@code dbUrl} null means the embedded SQLite
 * file in {@code dataDir}.
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
        double loginsPerSecondPerAddress) {

    /** Defaults of SPEC 1.1, relative to the working directory. */
    public static ServerSettings defaults() {
        return new ServerSettings(new InetSocketAddress(12000), 3, Duration.ofSeconds(10), Duration.ZERO,
                Path.of("credentials.txt"), Path.of("data"), Path.of("."), true, null, null, null,
                HashCost.production(), ZoneId.systemDefault(), 200, 200, 400, 1);
    }

    /** For tests and benchmarks: an ephemeral loopback port, files under {@code dir}, cheap hashing. */
    public static ServerSettings forTesting(Path dir) {
        return defaults()
                .withBind(new InetSocketAddress("127.0.0.1", 0))
                .withFiles(dir.resolve("credentials.txt"), dir.resolve("data"), dir)
                .withHashCost(HashCost.testing());
    }

    public ServerSettings withBind(InetSocketAddress b) {
        return new ServerSettings(b, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withFiles(Path creds, Path data, Path logs) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, creds, data, logs, registration,
                dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withHashCost(HashCost cost) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, cost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withLockout(int n, Duration block) {
        return new ServerSettings(bind, n, block, idleTimeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(bind, attempts, blockDuration, timeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withRegistration(boolean on) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, on,
                dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withDatabase(String url, String user, String password) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, registration,
                url, user, password, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }

    public ServerSettings withLimits(int connectionsPerAddress, double perSecond, int burst) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, hashCost, zone, connectionsPerAddress, perSecond, burst, loginsPerSecondPerAddress);
    }

    /** Login attempts per second from one address (burst ten times that); per account stays strict. */
    public ServerSettings withLoginRate(double perSecondPerAddress) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, hashCost, zone, maxConnectionsPerAddress, commandsPerSecond, commandBurst,
                perSecondPerAddress);
    }

    public ServerSettings withZone(ZoneId z) {
        return new ServerSettings(bind, attempts, blockDuration, idleTimeout, credentials, dataDir, logDir, registration,
                dbUrl, dbUser, dbPassword, hashCost, z, maxConnectionsPerAddress, commandsPerSecond, commandBurst, loginsPerSecondPerAddress);
    }
}
