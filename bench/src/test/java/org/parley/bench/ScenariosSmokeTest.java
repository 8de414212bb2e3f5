package org.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.bench.codec.CodecCommand;
import org.parley.bench.direct.DirectCommand;
import org.parley.bench.fanout.FanoutBenchmark;
import org.parley.bench.fanout.FanoutCommand;
import org.parley.bench.history.HistoryCommand;
import org.parley.bench.logins.LoginsCommand;
import org.parley.bench.sessions.SessionsCommand;
import org.parley.bench.transfer.TransferCommand;
import picocli.CommandLine;

/** Every scenario at --quick size, through the same command line as {@code parley bench}: it completes and measures something. */
class ScenariosSmokeTest {

    /** Every scenario runs over TLS, as Parley does by default, unless {@code --wire} says otherwise. */
    private static <T> T runQuick(String scenario, Class<T> type, String... options) {
        CommandLine cl = BenchMain.commandLine();
        String[] args = new String[options.length + 2];
        args[0] = scenario;
        args[1] = "--quick";
        System.arraycopy(options, 0, args, 2, options.length);
        int exit = cl.execute(args);
        assertThat(exit).as("exit code of " + scenario).isZero();
        return type.cast(cl.getSubcommands().get(scenario).getCommand());
    }

    @Test
    void clientDrivesRealTerminalClients() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/script")),
                "util-linux 'script' is not installed: the client scenario needs it for pseudo-terminals");
        CommandLine cl = BenchMain.commandLine();
        assertThat(cl.execute("client", "--quick", "--launcher", "../parley")).isZero();
        var r = ((org.parley.bench.client.ClientCommand) cl.getSubcommands().get("client").getCommand()).result();
        assertThat(r.startMedianSeconds()).isPositive();
        assertThat(r.typerKiB()).isPositive();
        assertThat(r.rows()).extracting(row -> row.clients()).containsExactly(2, 3);
        assertThat(r.rows()).allSatisfy(row -> {
            assertThat(row.terminal().count()).isEqualTo(5);
            assertThat(row.api().count()).isEqualTo(5);
            assertThat(row.receivers().messages()).isEqualTo(5L * (row.clients() - 1));
            assertThat(row.receivers().bytesPerMessage()).as("every receiver's terminal showed each broadcast")
                    .isGreaterThanOrEqualTo("zq2x0qz".length());
            assertThat(row.receivers().cpuTicks()).isNotNegative();
        });
    }

    @Test
    void busMeasuresEveryEngineItCanReachAndSaysWhyNotTheOthers() {
        var results = runQuick("bus", org.parley.bench.bus.BusCommand.class).result();
        assertThat(results).extracting(r -> r.engine()).containsExactly("nats", "redis", "postgres");
        assertThat(results).allSatisfy(r -> {
            if (r.skipped() == null) {
                assertThat(r.rate().received()).as(r.engine()).isEqualTo(r.rate().sent());
                assertThat(r.rate().latency().count()).isPositive();
                assertThat(r.saturation().perSecond()).isPositive();
                assertThat(r.saturation().dropped()).isZero();
            } else {
                assertThat(r.skipped()).as(r.engine() + " skipped with a reason").isNotBlank();
            }
        });
    }

    @Test
    void webSessionsLogsInBothKinds() {
        var results = runQuick("web-sessions", org.parley.bench.web.WebSessionsCommand.class).results();
        assertThat(results).containsOnlyKeys(org.parley.bench.web.WebSessionsBenchmark.Kind.values());
        assertThat(results.values()).allSatisfy(r -> assertThat(r.cpuMillisPerSession()).isPositive());
    }

    @Test
    void sessionsHoldsEveryLoggedInSession() {
        SessionsCommand c = runQuick("sessions", SessionsCommand.class);
        assertThat(c.result().checkpoints()).extracting(p -> p.sessions()).containsExactly(20, 50);
        assertThat(c.result().loginsPerSecond()).isPositive();
        assertThat(c.result().checkpoints().get(1).residentKiB()).isPositive();
    }

    @Test
    void sessionsHoldsEveryLoggedInSessionOnPostgresqlToo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("PARLEY_PG_URL") != null,
                "PARLEY_PG_URL is not set: the sessions scenario on PostgreSQL is skipped");
        SessionsCommand c = runQuick("sessions", SessionsCommand.class, "--store", "postgres", "--wire", "plain");
        assertThat(c.result().checkpoints()).extracting(p -> p.sessions()).containsExactly(20, 50);
        assertThat(c.result().checkpoints().get(1).residentKiB()).isPositive();
    }

    @Test
    void fanoutDeliversEveryBroadcastInBothPhases() {
        List<FanoutBenchmark.Phase> phases = runQuick("fanout", FanoutCommand.class).result();
        assertThat(phases).hasSize(2).allSatisfy(p -> {
            assertThat(p.lost()).isZero();
            assertThat(p.deliveriesPerSecond()).isPositive();
            assertThat(p.latency().count()).isEqualTo(p.delivered());
        });
    }

    @Test
    void fanoutWithIrcMeasuresTheIrcServerInTheSameRun() throws Exception {
        try (var irc = new org.parley.bench.fanout.OneChannelIrcServer()) {
            List<FanoutBenchmark.Phase> phases = runQuick("fanout", FanoutCommand.class, "--wire", "plain",
                    "--irc", "127.0.0.1:" + irc.port(), "--runs", "2").result();
            assertThat(phases).extracting(FanoutBenchmark.Phase::name).filteredOn(n -> n.startsWith("irc ")).hasSize(2);
            assertThat(phases).filteredOn(p -> p.name().startsWith("irc ")).allSatisfy(p -> {
                assertThat(p.delivered()).isEqualTo(p.expected()).isPositive();
                assertThat(p.latency().count()).isEqualTo(p.expected());
            });
            // IRC first in the second run
            assertThat(phases.get(2).name()).startsWith("irc ");
            assertThat(phases.get(3).name()).startsWith("irc ");
        }
    }

    @Test
    void fanoutWithNodesComparesOneNodeAndTwoOnPostgresqlAndTheBus() {
        String pg = System.getenv("PARLEY_PG_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null && !pg.isBlank(),
                "PARLEY_PG_URL is not set: the fanout --nodes comparison (PostgreSQL and a bus) is skipped");
        String redis = System.getenv("PARLEY_REDIS_URL");
        FanoutCommand c = runQuick("fanout", FanoutCommand.class, "--nodes", "1,2", "--runs", "1",
                "--bus", redis == null || redis.isBlank() ? "redis://127.0.0.1:6379" : redis);
        var runs = c.comparison();
        if (runs.size() < 2) {
            // no bus answered: the cluster part says why it was skipped, the single node still ran
            assertThat(c.skipped()).singleElement().asString().contains("the cluster part");
        }
        assertThat(runs).extracting(r -> r.plan().nodes()).isSubsetOf(1, 2).startsWith(1);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.fanout()).hasSize(2).allSatisfy(p -> {
                assertThat(p.lost()).as(p.setup() + " " + p.name()).isZero();
                assertThat(p.deliveriesPerSecond()).isPositive();
                assertThat(p.latency().count()).isEqualTo(p.delivered());
                assertThat(p.far() != null).isEqualTo(r.plan().nodes() > 1);
                assertThat(p.near() != null).isEqualTo(r.plan().nodes() > 1);
            });
            assertThat(r.direct()).hasSize(r.plan().nodes()).allSatisfy(d -> assertThat(d.acked()).isPositive());
        });
        if (runs.size() == 2) {
            assertThat(runs).extracting(r -> r.plan().nodes()).containsExactly(1, 2);
            // half of the 6 receivers are on node 2; node 1 has the other half and the sender (which gets none of its own)
            assertThat(runs.get(1).fanout()).allSatisfy(p -> {
                assertThat(p.far().count()).isEqualTo(p.broadcasts() * 3);
                assertThat(p.near().count()).isEqualTo(p.broadcasts() * 3);
            });
        }
    }

    @Test
    void directMeasuresServerStoreAndRawRates() {
        DirectCommand c = runQuick("direct", DirectCommand.class);
        assertThat(c.result().ackedPerSecond()).isPositive();
        assertThat(c.result().store().perSecond()).isPositive();
        assertThat(c.result().raw().perSecond()).isPositive();
    }

    @Test
    void loginsMeasuresBothHashCosts() {
        assertThat(runQuick("logins", LoginsCommand.class).result()).hasSize(2).allSatisfy(r -> {
            assertThat(r.loginsPerSecond()).isPositive();
            assertThat(r.hashesPerSecond()).isPositive();
        });
    }

    @Test
    void transferMeasuresEveryPath() {
        TransferCommand c = runQuick("transfer", TransferCommand.class);
        assertThat(c.result().protocol().megabytesPerSecond()).isPositive();
        assertThat(c.result().unsealed().megabytesPerSecond()).isPositive();
        assertThat(c.result().underLoss()).hasSize(3);
        assertThat(c.result().sealedRounds()).hasSize(c.result().unsealedRounds().size());
        assertThat(c.sealCost().sealedNanos()).isPositive();
        assertThat(c.sealCost().unsealedNanos()).isPositive();
    }

    @Test
    void fanoutAndLoginsMeasureTlsAndPlainInOneRunWithWireBoth() {
        List<FanoutBenchmark.Phase> phases = runQuick("fanout", FanoutCommand.class, "--wire", "both").result();
        assertThat(phases).extracting(FanoutBenchmark.Phase::name)
                .containsExactly("tls, 20 bcast/s", "tls, saturation", "plain, 20 bcast/s", "plain, saturation");
        assertThat(phases).allSatisfy(p -> assertThat(p.lost()).isZero());
        assertThat(runQuick("logins", LoginsCommand.class, "--wire", "both").result())
                .extracting(r -> r.cost())
                .containsExactly("tls, production", "tls, testing", "plain, production", "plain, testing");
    }

    @Test
    void historyReadersGetTheWholeHistory() {
        HistoryCommand c = runQuick("history", HistoryCommand.class);
        assertThat(c.result().itemsPerReader()).hasSize(2).containsOnly(300L);
        assertThat(c.result().pagesPerReader()).allSatisfy(p -> assertThat(p).isGreaterThan(1));
        assertThat(c.result().residentPeakKiB()).isPositive();
    }

    @Test
    void codecScoresEveryBenchmark() {
        assertThat(runQuick("codec", CodecCommand.class).result()).hasSize(4)
                .allSatisfy(s -> assertThat(s.opsPerSecond()).isPositive());
    }
}
