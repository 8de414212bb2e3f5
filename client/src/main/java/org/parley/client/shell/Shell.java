package org.parley.client.shell;

import java.time.ZoneId;
import java.util.List;
import org.parley.client.api.ParleyClient;
import org.parley.client.command.CommandParser;
import org.parley.client.command.ParseResult;
import org.parley.client.format.OutputFormatter;

/**
 * The thin terminal front end over a connected {@link ParleyClient}: log in, then read a line, parse it,
 * run it, print the result; events are printed as they arrive. Commands run one at a time, each to
 * completion before the next line is read, so scripted output is in a deterministic order.
 *
 * <p>Input is read on its own thread so that the server can end the session (idle timeout, lost
 * connection) while the user is silent; {@link #run()} returns the exit code as soon as the session is
 * over, whichever side ended it.
 */
public final class Shell {

    private final ParleyClient client;
    private final Console console;
    private final ShellSettings settings;
    private final OnlineUsers online;

    public Shell(ParleyClient client, Console console, ShellSettings settings, OnlineUsers online) {
        this.client = client;
        this.console = console;
        this.settings = settings;
        this.online = online;
    }

    /** Runs the whole session; returns the process exit code ({@link ExitCodes}). */
    public int run() {
        ZoneId zone = client.serverZone();
        OutputFormatter formatter = new OutputFormatter(zone);
        ShellOutput output = new ShellOutput(console);
        Awaiter awaiter = new Awaiter(output, settings.commandTimeout());
        // registered before login: offline messages arrive right after the login succeeds
        EventPrinter printer = new EventPrinter(formatter, output, online);
        client.addListener(printer);
        if (!client.isOpen()) {
            output.finish(ExitCodes.FAILURE, OutputFormatter.CONNECTION_LOST);
        }
        try {
            if (new LoginFlow(client, console, settings, output, awaiter).run()) {
                CommandRunner runner = new CommandRunner(client, formatter, output, awaiter, online);
                Thread input = new Thread(() -> commands(new CommandParser(zone), runner, output), "parley-input");
                input.setDaemon(true);
                input.start();
            }
            return output.awaitExitCode();
        } finally {
            client.removeListener(printer);
        }
    }

    private void commands(CommandParser parser, CommandRunner runner, ShellOutput output) {
        try {
            String line;
            while (!output.isFinished() && (line = console.readCommand()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ParseResult result = parser.parse(line);
                if (result instanceof ParseResult.Parsed parsed) {
                    runner.run(parsed.command());
                } else if (result instanceof ParseResult.Rejected rejected) {
                    output.print(rejected.message());
                }
            }
            if (!output.isFinished()) {
                runner.logout();
            }
        } catch (RuntimeException e) {
            output.finish(ExitCodes.FAILURE, "Error. " + e.getMessage());
        }
        if (!output.isFinished()) {
            // the logout itself could not complete (no answer in time): leave anyway
            output.finish(ExitCodes.FAILURE, List.of());
        }
    }
}
