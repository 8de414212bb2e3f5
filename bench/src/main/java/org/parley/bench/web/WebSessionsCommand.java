package org.parley.bench.web;

import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "web-sessions", mixinStandardHelpOptions = true,
        description = "The server's cost of a WebSocket session against a TCP session: RSS, live heap and CPU per session.")
public final class WebSessionsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--sessions", description = "Logged-in idle sessions of each kind (default: ${DEFAULT-VALUE}).",
            defaultValue = "500")
    int sessions;

    final java.util.Map<WebSessionsBenchmark.Kind, WebSessionsBenchmark.Result> results =
            new java.util.EnumMap<>(WebSessionsBenchmark.Kind.class);

    @Override
    public Integer call() throws Exception {
        int n = common.quick ? 10 : sessions;
        System.out.println("kind       sessions  RSS KiB/session  live heap KiB/session  server CPU ms/session");
        System.out.println("---------  --------  ---------------  ---------------------  ---------------------");
        for (WebSessionsBenchmark.Kind kind : WebSessionsBenchmark.Kind.values()) {
            try (Scratch scratch = Scratch.create("web-sessions-" + kind, common.keep)) {
                WebSessionsBenchmark.Result r = new WebSessionsBenchmark(kind, n, common.serverJvm).run(scratch.dir());
                results.put(kind, r);
                System.out.printf("%-9s  %8d  %15.1f  %21.1f  %21.2f%n", kind, n, r.rssKiBPerSession(),
                        r.heapKiBPerSession(), r.cpuMillisPerSession());
            }
        }
        return 0;
    }

    /** Both kinds' results after a run. */
    public java.util.Map<WebSessionsBenchmark.Kind, WebSessionsBenchmark.Result> results() {
        return results;
    }
}
