package org.parley.client.shell;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.parley.client.command.Command;
import org.parley.client.command.CommandParser;
import org.parley.client.command.ParseResult;
import org.parley.client.command.PastedBlock;
import org.parley.client.format.ChatLines;
import org.parley.client.format.OutputFormatter;
import org.parley.client.link.LinkSettings;
import org.parley.client.link.PrivateLinks;
import org.parley.client.session.ChatSession;
import org.parley.transfer.TransferConfig;
import org.parley.transfer.TransferEndpoint;

/**
 * The thin terminal front end over a {@link ChatSession}: log in, then read a line, parse it,
 * run it, print the result; events are printed as they arrive. Commands run one at a time, each to
 * completion before the next line is read, so scripted output is in a deterministic order (uploads
 * run in the background and report when they end).
 *
 * <p>Before login the shell binds the private-chat port and the UDP port, because login reports them;
 * when the session ends, however it ends, it closes the private links (peers are told) and the UDP port.
 *
 * <p>Input is read on its own thread so that the server can end the session (idle timeout, lost
 * connection) while the user is silent; {@link #run()} returns the exit code as soon as the session is
 * over, whichever side ended it. A lost connection that the session recovers from by itself is only
 * shown ({@link ConnectionStatus}); commands for the server are refused meanwhile, private chats go on.
 *
 * <p>After the login the user's input history is loaded (a terminal only; see {@link InputHistory}). A
 * pasted block of several lines is handled by {@link PastedBlock}: confirmed, then sent line by line.
 */
public final class Shell {

    private final ChatSession client;
    private final Console console;
    private final ShellSettings settings;
    private final OnlineUsers online;
    private final CompletionSources sources;
    private final Presentation presentation;

    /** A shell with the reference lines only (no time, bell or history), as scripts and tests see it. */
    public Shell(ChatSession client, Console console, ShellSettings settings, OnlineUsers online) {
        this(client, console, settings, new CompletionSources(online), Presentation.plain());
    }

    public Shell(ChatSession client, Console console, ShellSettings settings, CompletionSources sources,
                 Presentation presentation) {
        this.client = client;
        this.console = console;
        this.settings = settings;
        this.online = sources.online();
        this.sources = sources;
        this.presentation = presentation;
    }

    /** Runs the whole session; returns the process exit code ({@link ExitCodes}). */
    public int run() {
        ZoneId zone = client.serverZone();
        OutputFormatter formatter = new OutputFormatter(zone);
        ShellOutput output = new ShellOutput(console);
        Awaiter awaiter = new Awaiter(output, settings.commandTimeout(), client);
        // registered before login: offline messages arrive right after the login succeeds
        ChatLines chat = new ChatLines(zone, presentation.timeFormat(), console.interactive());
        EventPrinter printer = new EventPrinter(formatter, output, sources, chat, presentation.bell());
        client.addListener(printer);
        EventLoopGroup linkLoop = new NioEventLoopGroup(1);
        StatusArea status = new StatusArea(console);
        PrivateChat privateChat = new PrivateChat(client, output, awaiter, status);
        ConnectionStatus connection = new ConnectionStatus(output, status, privateChat);
        client.addSessionListener(connection);
        if (client.isOver()) {
            output.finish(ExitCodes.FAILURE, OutputFormatter.CONNECTION_LOST);
        }
        PrivateLinks links = null;
        Uploads uploads = null;
        try {
            TransferEndpoint endpoint = TransferEndpoint.bind(new InetSocketAddress(settings.udpPort()),
                    TransferConfig.defaults().withMaxDatagramBytes(settings.datagramBytes()));
            uploads = new Uploads(client, endpoint, settings.downloadDir(), output, status);
            links = PrivateLinks.listen(new InetSocketAddress(settings.privatePort()), linkLoop, privateChat,
                    LinkSettings.defaults());
            privateChat.use(links);
            privateChat.present(chat, presentation.bell());
            sources.linkedFrom(links::peers);
            printer.peers(privateChat, uploads);
            ShellSettings bound = settings.withPorts(endpoint.port(), links.port());
            if (new LoginFlow(client, console, bound, output, awaiter).run()) {
                links.identify(client.username().orElseThrow());
                loadHistory(client.username().orElseThrow(), output);
                CommandRunner runner = new CommandRunner(client, formatter, chat, output, awaiter, sources,
                        privateChat, uploads);
                Thread input = new Thread(() -> commands(new CommandParser(zone), runner, output), "parley-input");
                input.setDaemon(true);
                input.start();
            }
            return output.awaitExitCode();
        } catch (IOException | RuntimeException e) {
            console.println("Error. Cannot open the ports for private chat and uploads: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            client.removeListener(printer);
            client.removeSessionListener(connection);
            if (links != null) {
                links.close();
            }
            if (uploads != null) {
                uploads.close();
            }
            linkLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    private void commands(CommandParser parser, CommandRunner runner, ShellOutput output) {
        try {
            String line;
            while (!output.isFinished() && (line = console.readCommand()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (PastedBlock.isPaste(line)) {
                    pasted(PastedBlock.parse(line, parser), parser, runner, output);
                } else {
                    command(line, parser, runner, output);
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

    private static void command(String line, CommandParser parser, CommandRunner runner, ShellOutput output) {
        ParseResult result = parser.parse(line);
        if (result instanceof ParseResult.Parsed parsed) {
            runner.run(parsed.command());
        } else if (result instanceof ParseResult.Rejected rejected) {
            output.refusal(rejected.message());
        }
    }

    /** Several lines pasted: nothing is sent before the user says yes; then each in order, as typed. */
    private void pasted(PastedBlock.Outcome outcome, CommandParser parser, CommandRunner runner, ShellOutput output) {
        if (outcome instanceof PastedBlock.Single single) {
            if (!single.line().isBlank()) {
                command(single.line(), parser, runner, output);
            }
        } else if (outcome instanceof PastedBlock.Refused refused) {
            output.refusal(refused.message());
        } else if (outcome instanceof PastedBlock.Messages messages) {
            String answer = console.readLine(messages.question());
            if (answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
                for (Command command : messages.commands()) {
                    if (output.isFinished()) {
                        return;
                    }
                    runner.run(command);
                }
            } else {
                output.print("Paste not sent");
            }
        }
    }

    /** The user's own history file, owner-only; a failure is said once and the shell goes on without it. */
    private void loadHistory(String user, ShellOutput output) {
        presentation.historyDir().ifPresent(dir -> {
            try {
                console.useHistory(InputHistory.prepare(dir, user), Presentation.HISTORY_LINES);
            } catch (IOException | RuntimeException e) {
                output.print("Error. Cannot keep the input history in " + dir + ": " + e.getMessage());
            }
        });
    }
}
