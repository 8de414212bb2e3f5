package org.parley.e2e.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the packaged client with any command line, such as the conferencing form
 * {@code SERVER_IP SERVER_PORT CLIENT_UDP_PORT} that {@link ClientProcess#start} cannot express (it
 * always appends the server address last). The test keeps the process handle, so it can also pause
 * and resume the client.
 */
public final class ClientLauncher {

    private ClientLauncher() {}

    /** A started client and the operating-system process behind it. */
    public record Launched(ClientProcess client, ProcessHandle process) {}

    public static Launched start(Path dir, String name, List<String> args) throws IOException {
        ClientProcess client = ClientProcess.startWith(dir, name, args);
        return new Launched(client, client.handle());
    }

    /** Pauses (SIGSTOP) or resumes (SIGCONT) a process: a peer that holds still without going away. */
    public static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
