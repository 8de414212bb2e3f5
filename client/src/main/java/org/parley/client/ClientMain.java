package org.parley.client;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.io.IOException;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.connection.KnownServers;
import org.parley.client.connection.ServerSecurity;
import org.parley.client.connection.TlsConnectException;
import org.parley.client.api.ServerErrorException;
import org.parley.client.servers.FailoverConnector;
import org.parley.client.servers.ServerRotation;
import org.parley.client.servers.UnreachableServersException;
import org.parley.client.session.ChatSession;
import org.parley.client.session.ServerConnector;
import org.parley.client.shell.CompletionSources;
import org.parley.client.shell.Console;
import org.parley.client.shell.ExitCodes;
import org.parley.client.shell.OnlineUsers;
import org.parley.client.shell.Presentation;
import org.parley.client.shell.ScriptedConsole;
import org.parley.client.shell.Shell;
import org.parley.client.shell.ShellSettings;
import org.parley.client.shell.TerminalOpening;
import org.parley.client.shell.UsernameAhead;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code parley client}: read the command line, connect, and run the shell until the session ends. */
public final class ClientMain {

    /** How long one server may take to connect, shake hands and answer the hello before the next is tried. */
    private static final Duration PER_SERVER = Duration.ofSeconds(15);

    private ClientMain() {}

    public static void main(String[] args) {
        boolean terminal = System.console() != null;
        CompletionSources sources = new CompletionSources(new OnlineUsers());
        // the terminal opens while picocli reads the arguments; see TerminalOpening
        TerminalOpening early = terminal && TerminalOpening.mayBeWanted(args)
                ? TerminalOpening.start(sources) : TerminalOpening.none();
        System.exit(run(args, System.getenv(), System.in, System.out, System.err, terminal, sources, early));
    }

    /**
     * The whole client, with its environment passed in so that it can run inside a test. Returns the exit
     * status: 0 logged out or timed out, 1 refused or lost, 2 bad arguments, 3 never logged in.
     */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                          boolean terminal) {
        return run(args, env, in, out, err, terminal, new CompletionSources(new OnlineUsers()), TerminalOpening.none());
    }

    private static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                           boolean terminal, CompletionSources sources, TerminalOpening early) {
        try {
            return parseAndRun(args, env, in, out, err, terminal, sources, early);
        } finally {
            early.discard();
        }
    }

    private static int parseAndRun(String[] args, Map<String, String> env, InputStream in, PrintStream out,
                                   PrintStream err, boolean terminal, CompletionSources sources,
                                   TerminalOpening early) {
        ClientArguments arguments = new ClientArguments();
        CommandLine commandLine = new CommandLine(arguments)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionStrategy(parsed -> {
            Integer helpShown = CommandLine.executeHelpRequest(parsed);
            if (helpShown != null) {
                return helpShown;
            }
            // a bad value throws ParameterException here, which picocli reports with the usage (status 2)
            ClientConfig config = arguments.toConfig(env, terminal);
            return session(config, arguments.shellOptions.resolve(config.scripted(), env), in, out, err, sources,
                    early);
        });
        return commandLine.execute(args);
    }

    /**
     * Connects while the terminal opens: the two are the slow parts of a start (the TLS context, name
     * lookups and handshake; JLine's terminal set-up), and neither needs the other. The whole connecting
     * side runs off the main thread, which opens the terminal meanwhile; on a terminal the
     * {@code Username: } prompt is then shown at once ({@link UsernameAhead}), so a person types the name
     * while the handshake finishes instead of waiting for it. A script's prompts come after the connection,
     * as before: its lines are answers in order, and a failure must come before any prompt it waits for.
     */
    private static int session(ClientConfig config, Presentation presentation, InputStream in, PrintStream out,
                               PrintStream err, CompletionSources sources, TerminalOpening early) {
        // Logging starts here, before there are two threads: when the connecting thread logged while the main
        // thread was starting SLF4J, SLF4J printed three lines of its own about replaying those calls on the
        // user's terminal (a refused connection showed them before its one error line).
        LoggerFactory.getILoggerFactory();
        CompletableFuture<ChatSession> connecting = new CompletableFuture<>();
        Notices notices = new Notices(out);
        Thread dialling = new Thread(() -> {
            try {
                ServerSecurity security = security(config.tls(), notices);
                ChatSession.open(connector(config, security), config.reconnect()).whenComplete((session, e) -> {
                    if (e != null) {
                        connecting.completeExceptionally(e instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : e);
                    } else if (!connecting.complete(session)) {
                        session.close(); // given up on meanwhile
                    }
                });
            } catch (IOException e) {
                connecting.completeExceptionally(new SecuritySetupException(e));
            } catch (RuntimeException e) {
                connecting.completeExceptionally(e);
            }
        }, "parley-connect");
        dialling.setDaemon(true);
        dialling.start();
        ShellSettings settings = new ShellSettings(config.user(), config.password(), config.udpPort(),
                config.privatePort(), ParleyClient.DEFAULT_REQUEST_TIMEOUT.plusSeconds(5), config.downloadDir(),
                config.datagramBytes());
        try (Console terminalOrScript = config.scripted()
                ? new ScriptedConsole(in, out, err)
                : early.console(sources, config.colour())) {
            notices.to(terminalOrScript);
            // a person is asked for the user name while the connection is still being made (UsernameAhead)
            UsernameAhead ahead = terminalOrScript.interactive() && config.user().isEmpty() && !connecting.isDone()
                    ? UsernameAhead.ask(terminalOrScript) : null;
            Console console = terminalOrScript;
            if (ahead != null) {
                ahead.endsTheWaitFor(connecting);
                console = ahead.console();
            }
            ChatSession client;
            try {
                // the connector bounds each server; this only guards against a chain that never ends
                client = connecting.get(PER_SERVER.toSeconds() * (config.servers().size() + 1), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UsernameAhead.InputEnded ended) {
                    err.println(ended.getMessage());
                    return ExitCodes.NOT_LOGGED_IN;
                }
                cancel(ahead);
                err.println(connectFailure(config, e.getCause()));
                return ExitCodes.FAILURE;
            } catch (TimeoutException e) {
                connecting.thenAccept(ChatSession::close);
                cancel(ahead);
                err.println("Error. Cannot connect to the server at " + shown(config));
                return ExitCodes.FAILURE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connecting.thenAccept(ChatSession::close);
                return ExitCodes.FAILURE;
            }
            try (client) {
                return new Shell(client, console, settings, sources, presentation).run();
            }
        }
    }

    private static void cancel(UsernameAhead ahead) {
        if (ahead != null) {
            ahead.cancel();
        }
    }

    /**
     * Where the line saying a server was remembered goes: standard output until the console is open, then the
     * console, so that it appears above a prompt shown meanwhile instead of inside it (the first connection
     * completes while {@code Username: } is on the screen, and a reconnect to another node during the session).
     */
    private static final class Notices implements Consumer<String> {
        private final PrintStream out;
        /** Null until the console is open; guarded by this. */
        private Console console;

        Notices(PrintStream out) {
            this.out = out;
        }

        synchronized void to(Console opened) {
            console = opened;
        }

        @Override
        public synchronized void accept(String line) {
            if (console != null) {
                console.println(line);
            } else {
                out.println(line);
                out.flush();
            }
        }
    }

    /**
     * How every connection of the session is made: to one of the servers named, the first at random
     * and each reconnect to the next ({@link FailoverConnector}).
     */
    private static ServerConnector connector(ClientConfig config, ServerSecurity security) {
        return new FailoverConnector(ServerRotation.of(config.servers()),
                (endpoint, received) -> ParleyClient.connect(endpoint.server().host(), endpoint.socketAddress(),
                        endpoint.toString(), null, ParleyClient.DEFAULT_REQUEST_TIMEOUT, received, security),
                PER_SERVER);
    }

    /** TLS unless --no-tls; the line saying a server was remembered goes to {@code notices}. */
    private static ServerSecurity security(TlsOptions tls, Consumer<String> notices) throws IOException {
        if (!tls.enabled()) {
            return ServerSecurity.plain();
        }
        return ServerSecurity.tls(tls.pins(), tls.extraCa().orElse(null), new KnownServers(tls.knownServers()),
                notices);
    }

    /** The TLS settings could not be read (a known-servers file, a CA file); the message says which. */
    private static final class SecuritySetupException extends RuntimeException {
        SecuritySetupException(IOException cause) {
            super("Error. " + cause.getMessage(), cause);
        }
    }

    private static String connectFailure(ClientConfig config, Throwable cause) {
        if (cause instanceof SecuritySetupException setup) {
            return setup.getMessage();
        }
        if (cause instanceof ServerErrorException refused) {
            return refused.getMessage();
        }
        if (cause instanceof TlsConnectException || cause instanceof UnreachableServersException) {
            return cause.getMessage();
        }
        return "Error. Cannot connect to the server at " + shown(config);
    }

    private static String shown(ClientConfig config) {
        return config.servers().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
    }
}
