package org.parley.server.storage;

import ch.qos.logback.classic.Level;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.Semaphore;
import org.parley.server.core.store.Store;
import org.parley.server.textlog.MessageLogs;
import org.slf4j.LoggerFactory;

/**
 * Child process of {@link CrashSafetyTest}: saves broadcasts as fast as it can, numbering them after the
 * last committed one, and prints {@code ACK <n>} the moment each one's future completes. It runs until
 * it is killed. Arguments: data directory, log directory.
 */
public final class CrashWriterMain {

    private static final int IN_FLIGHT = 256;

    private CrashWriterMain() {}

    public static void main(String[] args) throws InterruptedException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
        PrintStream out = System.out;
        Store store = JdbcStore.open(StorageConfig.sqlite(Path.of(args[0])),
                new MessageLogs(Path.of(args[1]), ZoneOffset.UTC));
        long sent = store.load().lastBroadcastNumber();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        while (true) {
            inFlight.acquire();
            long n = ++sent;
            store.saveBroadcast("crash", "message " + n, System.currentTimeMillis())
                    .whenComplete((number, failure) -> {
                        if (failure != null) {
                            failure.printStackTrace();
                            Runtime.getRuntime().halt(2);
                        }
                        out.println("ACK " + number);
                        out.flush();
                        inFlight.release();
                    });
        }
    }
}
