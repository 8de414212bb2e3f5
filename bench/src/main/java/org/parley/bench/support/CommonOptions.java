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

    @Option(names = "--server-jvm", split = " ", description = "Extra JVM options of the server process, e.g. "
            + "\"-Xmx4g -XX:StartFlightRecording=filename=server.jfr\".")
    public List<String> serverJvm = new ArrayList<>();
}
