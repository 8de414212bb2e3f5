package org.parley.bench.sessions;

import java.util.List;
import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.PgDatabase;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Ramp logged-in idle sessions; server RSS and live heap per session at each checkpoint.")
public final class SessionsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--checkpoints", split = ",", description = "Session counts to measure at (default: ${DEFAULT-VALUE}).",
            defaultValue = "10000,50000,100000")
    List<Integer> checkpoints;

    @Option(names = "--in-flight", description = "Logins in progress at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "256")
    int inFlight;

    @Option(names = "--settle-seconds", description = "Wait before each memory reading, the empty server's "
            + "included (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    double settleSeconds;

    @Option(names = "--diagnose", description = "Print the server's class histogram (and native memory summary, "
            + "with --server-jvm -XX:NativeMemoryTracking=summary) empty and at the last checkpoint.")
    boolean diagnose;

    @Option(names = "--store", description = "sqlite (the server's embedded file, as by default) or postgres (a fresh "
            + "schema in --db-url, dropped after: the store of a cluster node) (default: ${DEFAULT-VALUE}).",
            defaultValue = "sqlite")
    Store store;

    @Option(names = "--db-url", description = "With --store postgres: PostgreSQL JDBC URL (default: $PARLEY_PG_URL; "
            + "password from $PARLEY_PG_PASSWORD).")
    String dbUrl;

    @Option(names = "--db-user", description = "With --store postgres: PostgreSQL user (default: $PARLEY_PG_USER).")
    String dbUser;

    enum Store { sqlite, postgres }

    SessionsBenchmark.Result result;

    @Override
    public Integer call() throws Exception {
        PgDatabase database = null;
        if (store == Store.postgres) {
            database = PgDatabase.fromEnvironment(dbUrl, dbUser);
            String why = database.unavailable();
            if (why != null) {
                throw new IllegalStateException("--store postgres: " + why);
            }
        }
        for (boolean tls : common.tlsRuns()) {
            SessionsBenchmark.Settings settings = common.quick
                    ? new SessionsBenchmark.Settings(List.of(20, 50), 16, 1, common.serverJvm, tls, 0, diagnose, database)
                    : new SessionsBenchmark.Settings(checkpoints.stream().sorted().toList(), inFlight, common.clientThreads,
                            common.serverJvm, tls, settleSeconds, diagnose, database);
            try (Scratch scratch = Scratch.create("sessions", common.keep)) {
                result = new SessionsBenchmark(settings).run(scratch.dir());
            }
            SessionsBenchmark.print(result, System.out);
        }
        return 0;
    }

    public SessionsBenchmark.Result result() {
        return result;
    }
}
