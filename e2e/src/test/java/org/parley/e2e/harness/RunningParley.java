package org.parley.e2e.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh server process per test, in its own directory with the given accounts, and every client the
 * test logs in closed after it: {@code @RegisterExtension final RunningParley parley = ...}.
 */
public final class RunningParley implements BeforeEachCallback, AfterEachCallback {

    private final String[] accounts;
    private final List<ClientProcess> clients = new ArrayList<>();
    private Path dir;
    private ServerProcess server;

    private RunningParley(String[] accounts) {
        this.accounts = accounts;
    }

    /** Accounts as credentials.txt lines, {@code "yoda jedi"}. */
    public static RunningParley withAccounts(String... accounts) {
        return new RunningParley(accounts);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("parley-e2e-");
        ServerProcess.writeCredentials(dir, accounts);
        server = ServerProcess.start(dir, "0");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        clients.forEach(ClientProcess::close);
        clients.clear();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public ServerProcess server() {
        return server;
    }

    /** A client process that has logged in through the prompts; closed after the test. */
    public ClientProcess login(String user, String password) throws IOException {
        return track(ClientProcess.login(dir, server.port(), user, password));
    }

    /** Closes {@code client} after the test. */
    public ClientProcess track(ClientProcess client) {
        clients.add(client);
        return client;
    }
}
