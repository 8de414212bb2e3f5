package org.parley.bench;

import org.parley.bench.bus.BusCommand;
import org.parley.bench.client.ClientCommand;
import org.parley.bench.codec.CodecCommand;
import org.parley.bench.direct.DirectCommand;
import org.parley.bench.fanout.FanoutCommand;
import org.parley.bench.history.HistoryCommand;
import org.parley.bench.web.WebSessionsCommand;
import org.parley.bench.logins.LoginsCommand;
import org.parley.bench.sessions.SessionsCommand;
import org.parley.bench.transfer.TransferCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley bench <scenario> [options]}: one subcommand per scenario of issue 6 (and the transfer and cluster bus ones). */
@Command(name = "parley bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Load generator and benchmarks. Every scenario prints a table; --quick runs it at tiny size.",
        subcommands = {SessionsCommand.class, FanoutCommand.class, DirectCommand.class, LoginsCommand.class,
                TransferCommand.class, CodecCommand.class, HistoryCommand.class, ClientCommand.class,
                WebSessionsCommand.class, BusCommand.class})
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new BenchMain());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
