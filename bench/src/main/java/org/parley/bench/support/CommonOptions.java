package org.parley.bench.support;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every scenario takes. */
public final class CommonOptions {

    @Option(names = "--quick", description = "Tiny sizes: checks the scenario works, measures nothing of value.")
    public boolean quick;

    @Option(names = "--keep", description = "Keep the scratch directory (server data, logs).")
    public boolean keep;

    @Option(names = "--client-threads", description = "Event-loop threads of the load generator (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    public int clientThreads;

    /** Over what the benchmark's clients reach the server. */
    public enum Wire { tls, plain, both }

    @Option(names = "--wire", description = "tls (as Parley runs by default), plain (the server with --no-tls), or both, "
            + "one after the other in the same run (default: ${DEFAULT-VALUE}). Taken by the logins, fanout and sessions scenarios.",
            defaultValue = "tls")
    public Wire wire = Wire.tls;

    /** The runs --wire asks for: true for TLS, false for plain TCP. */
    public List<Boolean> tlsRuns() {
        return switch (wire) {
            case tls -> List.of(true);
            case plain -> List.of(false);
            case both -> List.of(true, false);
        };
    }

    @Option(names = "--server-jvm", split = " ", description = "Extra JVM options of the server process, e.g. "
            + "\"-Xmx4g -XX:StartFlightRecording=filename=server.jfr\".")
    public List<String> serverJvm = new ArrayList<>();
}
