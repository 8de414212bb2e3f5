package org.parley.server.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The engines the bus tests run against: PARLEY_NATS_URL, PARLEY_REDIS_URL, PARLEY_PG_URL (with
 * PARLEY_PG_USER, PARLEY_PG_PASSWORD), as {@code .ci/run} exports them when the services answer.
 * A test whose engine is unset or does not answer is skipped with a message saying which.
 */
final class Engines {

    private Engines() {
    }

    static String natsUrl() {
        return brokerUrl("PARLEY_NATS_URL", "NATS");
    }

    static String redisUrl() {
        return brokerUrl("PARLEY_REDIS_URL", "Redis");
    }

    static String pgUrl() {
        String url = System.getenv("PARLEY_PG_URL");
        assumeTrue(url != null && !url.isBlank(), "PARLEY_PG_URL is not set: the PostgreSQL bus tests are skipped");
        try (Connection c = DriverManager.getConnection(url, pgUser(), pgPassword())) {
            assumeTrue(c.isValid(2), "PostgreSQL at PARLEY_PG_URL does not answer: its bus tests are skipped");
        } catch (SQLException e) {
            assumeTrue(false, "PostgreSQL at PARLEY_PG_URL=" + url + " does not answer (" + e.getMessage()
                    + "): its bus tests are skipped");
        }
        return url;
    }

    static String pgUser() {
        return System.getenv("PARLEY_PG_USER");
    }

    static String pgPassword() {
        return System.getenv("PARLEY_PG_PASSWORD");
    }

    private static String brokerUrl(String variable, String name) {
        String url = System.getenv(variable);
        assumeTrue(url != null && !url.isBlank(), variable + " is not set: the " + name + " bus tests are skipped");
        URI uri = URI.create(url);
        assumeTrue(answers(uri.getHost(), uri.getPort()), name + " at " + variable + "=" + url
                + " does not answer: its bus tests are skipped");
        return url;
    }

    static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP port free right now on the loopback interface. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** The executable of that name on the PATH, if any. */
    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** With the query appended properly to a URL that may already have one. */
    static String withChannel(String url, String channel) {
        return url + (url.contains("?") ? "&" : "?") + "channel=" + channel;
    }
}
