package org.parley.client.shell;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.parley.client.command.CommandParser;
import org.parley.client.command.ParseResult;
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
 */
public final class Shell {

    private final ChatSession client;
    private final Console console;
    private final ShellSettings settings;
    private final OnlineUsers online;

    public Shell(ChatSession client, Console console, ShellSettings settings, OnlineUsers online) {
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
        Awaiter awaiter = new Awaiter(output, settings.commandTimeout(), client);
        // registered before login: offline messages arrive right after the login succeeds
        EventPrinter printer = new EventPrinter(formatter, output, online);
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
            printer.peers(privateChat, uploads);
            ShellSettings bound = settings.withPorts(endpoint.port(), links.port());
            if (new LoginFlow(client, console, bound, output, awaiter).run()) {
                links.identify(client.username().orElseThrow());
                CommandRunner runner = new CommandRunner(client, formatter, output, awaiter, online, privateChat, uploads);
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
                ParseResult result = parser.parse(line);
                if (result instanceof ParseResult.Parsed parsed) {
                    runner.run(parsed.command());
                } else if (result instanceof ParseResult.Rejected rejected) {
                    output.refusal(rejected.message());
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
