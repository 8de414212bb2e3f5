package org.parley.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.parley.server.account.HashCost;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley server [options] [PORT [ATTEMPTS | BLOCK_DURATION TIMEOUT]]} (SPEC 1.1). Every option
 * can also come from the environment ({@code PARLEY_PORT}, ...) or from a properties file named by
 * {@code PARLEY_CONFIG} (default {@code parley-server.properties} in the working directory).
 */
@Command(name = "parley server", mixinStandardHelpOptions = true,
        customSynopsis = "parley server [options] [PORT [ATTEMPTS | BLOCK_DURATION TIMEOUT]]", versionProvider = Version.class,
        defaultValueProvider = EnvironmentDefaults.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Starts the Parley server. Positional forms:",
                "  PORT: listen on PORT",
                "  PORT ATTEMPTS: block an account for 10 s after ATTEMPTS (1..5) failed logins",
                "  PORT BLOCK_DURATION TIMEOUT: block for BLOCK_DURATION s after 3 failures, log out after TIMEOUT s idle"})
public final class ServerMain implements Callable<Integer> {

    @Parameters(arity = "0..3", paramLabel = "ARG",
            description = "See the positional forms above.")
    List<String> positional = new ArrayList<>();

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
    String bind;

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "12000")
    int port;

    @Option(names = "--web-port", description = "Port of the web client (page and WebSocket) on the same address; "
            + "0 = none (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int webPort;

    @Option(names = "--attempts", description = "Failed logins before an account is blocked, 1..5 (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    String attempts;

    @Option(names = "--block-duration", description = "Seconds an account stays blocked (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    long blockSeconds;

    @Option(names = "--idle-timeout", description = "Seconds of inactivity before logout; 0 = none (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    long idleSeconds;

    @Option(names = "--credentials", description = "Accounts file (default: ${DEFAULT-VALUE}).", defaultValue = "credentials.txt")
    Path credentials;

    @Option(names = "--data-dir", description = "Directory of the embedded database (default: ${DEFAULT-VALUE}).",
            defaultValue = "data")
    Path dataDir;

    @Option(names = "--log-dir", description = "Directory of userlog.txt and the message logs (default: the working directory).",
            defaultValue = ".")
    Path logDir;

    @Option(names = "--registration", negatable = true, description = "Let unknown usernames register (default: on).",
            defaultValue = "true", fallbackValue = "true")
    boolean registration;

    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL database instead of the embedded SQLite file.")
    String dbUrl;

    @Option(names = "--db-user", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password-env", description = "Environment variable holding the database password (default: ${DEFAULT-VALUE}).",
            defaultValue = "PARLEY_DB_PASSWORD")
    String dbPasswordEnv;

    @Option(names = "--hash-cost", description = "Password hash cost: production (OWASP argon2id), testing (cheap, for tests "
            + "and benchmarks only) or m=KiB,t=N,p=N (default: ${DEFAULT-VALUE}).", defaultValue = "production")
    String hashCost;

    @Option(names = "--max-connections-per-address", description = "Connections allowed from one IP (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int maxConnectionsPerAddress;

    @Option(names = "--command-rate", description = "Commands per second one session may send (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    double commandRate;

    @Option(names = "--login-rate", description = "Login attempts per second from one address, before any hashing "
            + "(default: ${DEFAULT-VALUE}; burst ten times that).", defaultValue = "1")
    double loginRate;

    @Option(names = "--registration-rate", description = "New accounts per second, server-wide (default: ${DEFAULT-VALUE}; "
            + "burst a minute's worth, at least 10).", defaultValue = "0.5")
    double registrationRate;

    @Option(names = "--max-accounts", description = "Most accounts the server holds, imported ones included; 0 = no cap "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int maxAccounts;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain the chat port presents, leaf first "
            + "(default: a self-signed one made at first start in DATA_DIR/tls).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert (unencrypted PEM, owner-only).")
    Path tlsKey;

    @Option(names = "--no-tls", description = "Serve plain TCP: passwords and messages cross the network in clear. "
            + "For local testing only.")
    boolean noTls;

    @Option(names = "--metrics-port", description = "Port of the operator's HTTP endpoints (/metrics in Prometheus "
            + "text format, /health, /ready); 0 = none (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int metricsPort;

    @Option(names = "--metrics-bind", description = "Address of the operator port (default: ${DEFAULT-VALUE}, this "
            + "machine only).", defaultValue = "127.0.0.1")
    String metricsBind;

    @Option(names = "--shutdown-timeout", description = "Seconds a clean stop (SIGTERM) may take: clients told, "
            + "accepted writes committed; past it the server exits 1 (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    long shutdownSeconds;
    @Option(names = "--cluster-bus", paramLabel = "URL", description = "Run as one node of a cluster sharing the "
            + "--db-url PostgreSQL database, reaching the other nodes over this bus: nats://host:4222, "
            + "redis://host:6379 or postgres (LISTEN/NOTIFY on the store's database). Needs --node-id.")
    String clusterBus;

    @Option(names = "--node-id", paramLabel = "ID", description = "This node's name in the cluster, unique among "
            + "the nodes (letters, digits, '.', '_', '-'; at most 64). Needs --cluster-bus.")
    String nodeId;

    @Option(names = {"-q", "--quiet"}, description = "Do not print a line per interaction.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print debugging detail.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cmd = new CommandLine(new ServerMain());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("Error. " + sentence(e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        // picocli's own refusals (an unknown option, a number that is not one) look like every other one
        cmd.setParameterExceptionHandler((e, arguments) -> {
            CommandLine commandLine = e.getCommandLine();
            commandLine.getErr().println("Error. " + sentence(e.getMessage()));
            commandLine.getErr().println("Try 'parley server --help' for the options.");
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cmd.execute(args);
    }

    /** The first letter up, as every "Error. ..." line has it. */
    private static String sentence(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = new CommandLine(this).getErr();
        ServerSettings settings;
        try {
            settings = settings();
        } catch (InvalidArgument e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        configureLogging();
        ParleyServer server;
        try {
            server = ParleyServer.start(settings);
        } catch (DirectoryLock.DirectoryInUseException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        } catch (org.parley.server.net.WebServer.WebPortUnavailable
                | org.parley.server.ops.OperatorServer.OperatorPortUnavailable e) {
            err.println("Error. " + e.getMessage());
            err.flush();
            return 1;
        } catch (java.net.BindException e) {
            err.println("Error. Cannot listen on " + settings.bind().getHostString() + ":" + settings.bind().getPort()
                    + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        ShutdownSignal.onTerm(stopRequested::countDown);
        // SIGINT, SIGHUP, and SIGTERM where the handler could not be installed: the same clean stop, but the
        // JVM then exits with 128 + the signal's number, as it does for any signal it was ended by.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "parley-shutdown-hook"));
        System.out.println("Parley server listening on " + settings.bind().getHostString() + ":" + server.port()
                + " (database: " + (settings.dbUrl() == null ? settings.dataDir().resolve("parley.db") : settings.dbUrl())
                + ", logs: " + settings.logDir().toAbsolutePath().normalize()
                + (settings.clustered() ? ", cluster node " + settings.nodeId() + " over " + settings.clusterBus() : "")
                + ")");
        server.fingerprint().ifPresent(f -> System.out.println("TLS certificate fingerprint: " + f
                + (settings.tls().operatorCertificate() ? "" : " (self-signed; clients remember it at first"
                + " connection, or pin it with --server-fingerprint " + f + ")")));
        if (server.webAddress() != null) {
            System.out.println("Parley web client at " + (settings.tls().enabled() ? "https" : "http") + "://" + settings.webBind().getHostString() + ":"
                    + server.webAddress().getPort() + "/");
        }
        if (server.operatorAddress() != null) {
            System.out.println("Operator endpoints at http://" + settings.metricsBind().getHostString() + ":"
                    + server.operatorAddress().getPort() + "/metrics, /health and /ready");
        }
        System.out.flush();
        if (!settings.tls().enabled()) {
            LoggerFactory.getLogger(ServerMain.class).warn("TLS is off (--no-tls): passwords and messages cross the"
                    + " network in clear; use it for local testing only");
        }
        // without the handler, only the shutdown hook ends this wait (and the JVM with it)
        stopRequested.await();
        return stop(server, settings.shutdownTimeout(), err);
    }

    /**
     * SIGTERM's clean stop, on a thread of its own so that it can be given up on: 0 once everything is
     * committed, or (the store hung, say) 1 when the shutdown timeout passes, halting at once: the
     * shutdown hooks would only wait for the same stuck close.
     */
    private static int stop(ParleyServer server, Duration timeout, PrintWriter err) throws InterruptedException {
        System.out.println("Shutting down (SIGTERM): not accepting, telling clients, committing what was accepted");
        System.out.flush();
        Thread closer = new Thread(server::close, "parley-shutdown");
        closer.setDaemon(true);
        closer.start();
        closer.join(timeout.toMillis());
        if (closer.isAlive()) {
            err.println("Error. The shutdown did not finish within " + timeout.toSeconds() + " s (--shutdown-timeout;"
                    + " stuck in " + stuckIn(closer) + "); stopping anyway: writes not yet committed are lost, their"
                    + " senders were not told they were kept");
            err.flush();
            Runtime.getRuntime().halt(1);
        }
        System.out.println("Parley server stopped");
        System.out.flush();
        return 0;
    }

    /** Where a stop that hangs is waiting: its innermost frame of Parley's own, for the one line it gets. */
    private static String stuckIn(Thread closer) {
        for (StackTraceElement frame : closer.getStackTrace()) {
            if (frame.getClassName().startsWith("org.parley.")) {
                return frame.getClassName().replaceFirst("^org\\.parley\\.server\\.", "") + "." + frame.getMethodName();
            }
        }
        return "an unknown step";
    }

    /** Turns the options and positional forms into settings, or says exactly what is wrong. */
    ServerSettings settings() throws InvalidArgument {
        int listenPort = port;
        String attemptsText = attempts;
        long block = blockSeconds;
        long idle = idleSeconds;
        switch (positional.size()) {
            case 0 -> { }
            case 1 -> listenPort = parsePort(positional.get(0));
            case 2 -> {
                listenPort = parsePort(positional.get(0));
                attemptsText = positional.get(1);
            }
            case 3 -> {
                listenPort = parsePort(positional.get(0));
                block = parseSeconds("BLOCK_DURATION", positional.get(1), false);
                idle = parseSeconds("TIMEOUT", positional.get(2), false);
            }
            default -> throw new InvalidArgument("Error. Expected PORT [ATTEMPTS | BLOCK_DURATION TIMEOUT]");
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new InvalidArgument(portOutOfRange(Integer.toString(listenPort)));
        }
        int attemptCount = parseAttempts(attemptsText);
        if (block < 1) {
            throw new InvalidArgument("Error. The block duration must be at least 1 second, not " + block);
        }
        if (idle < 0) {
            throw new InvalidArgument("Error. The idle timeout must not be negative");
        }
        if (maxConnectionsPerAddress < 1 || commandRate <= 0 || loginRate <= 0) {
            throw new InvalidArgument("Error. Connection and command limits must be positive");
        }
        if (!(registrationRate > 0) || registrationRate > 1_000_000) {
            throw new InvalidArgument("Error. --registration-rate must be above 0 and at most 1000000 per second, not "
                    + registrationRate);
        }
        if (maxAccounts < 0) {
            throw new InvalidArgument("Error. --max-accounts must not be negative (0 = no cap), not " + maxAccounts);
        }
        HashCost cost;
        try {
            cost = HashCost.parse(hashCost);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("Error. Invalid --hash-cost '" + hashCost + "': " + e.getMessage());
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(bind, listenPort);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("Error. Invalid bind address " + bind);
        }
        if (address.isUnresolved()) {
            throw new InvalidArgument("Error. Cannot resolve bind address " + bind);
        }
        if (webPort < 0 || webPort > 65535) {
            throw new InvalidArgument("Error. Invalid --web-port " + webPort + ": expected an integer between 0 and 65535");
        }
        InetSocketAddress web = webPort == 0 ? null : new InetSocketAddress(address.getAddress(), webPort);
        ServerTls tls = tls();
        InetSocketAddress operator = operatorAddress();
        if (shutdownSeconds < 1) {
            throw new InvalidArgument("Error. --shutdown-timeout must be at least 1 second, not " + shutdownSeconds);
        }
        checkCluster();
        // Last: the arguments themselves are judged before any file is looked at.
        checkCredentials();
        int burst = (int) Math.max(1, Math.min(Integer.MAX_VALUE, commandRate * 2));
        ServerSettings settings = ServerSettings.defaults()
                .withBind(address)
                .withLockout(attemptCount, Duration.ofSeconds(block))
                .withIdleTimeout(Duration.ofSeconds(idle))
                .withFiles(credentials, dataDir, logDir)
                .withRegistration(registration)
                .withDatabase(dbUrl, dbUser, dbUrl == null ? null : System.getenv(dbPasswordEnv))
                .withHashCost(cost)
                .withLimits(maxConnectionsPerAddress, commandRate, burst)
                .withLoginRate(loginRate)
                .withRegistrationLimits(registrationRate, maxAccounts)
                .withTls(tls)
                .withMetrics(operator)
                .withShutdownTimeout(Duration.ofSeconds(shutdownSeconds))
                .withCluster(clusterBus, nodeId);
        return webPortSettings(settings, web, tls);
    }

    /** Cluster mode: both options, and the PostgreSQL store the nodes share. */
    private void checkCluster() throws InvalidArgument {
        if (clusterBus == null && nodeId == null) {
            return;
        }
        if (clusterBus == null || nodeId == null) {
            throw new InvalidArgument("Error. --cluster-bus and --node-id go together: give both for a cluster node,"
                    + " or neither for a single server");
        }
        if (dbUrl == null || !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidArgument("Error. Cluster mode needs the PostgreSQL store the nodes share: give --db-url"
                    + " jdbc:postgresql://host/database");
        }
        if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidArgument("Error. Invalid --node-id '" + nodeId + "': letters, digits, '.', '_' and '-',"
                    + " at most 64");
        }
    }

    /** The web port shares the chat port's TLS identity, or is plain http when the chat port is plain TCP. */
    private static ServerSettings webPortSettings(ServerSettings settings, InetSocketAddress web, ServerTls tls) {
        return tls.enabled() ? settings.withWebSharingTls(web) : settings.withWeb(web, null);
    }

    /** The operator port's address, or null for none. */
    private InetSocketAddress operatorAddress() throws InvalidArgument {
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new InvalidArgument("Error. Invalid --metrics-port " + metricsPort
                    + ": expected an integer between 0 and 65535");
        }
        if (metricsPort == 0) {
            return null;
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(metricsBind, metricsPort);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("Error. Invalid --metrics-bind address " + metricsBind);
        }
        if (address.isUnresolved()) {
            throw new InvalidArgument("Error. Cannot resolve --metrics-bind address " + metricsBind);
        }
        return address;
    }

    private ServerTls tls() throws InvalidArgument {
        if (noTls) {
            if (tlsCert != null || tlsKey != null) {
                throw new InvalidArgument("Error. --no-tls cannot be combined with --tls-cert or --tls-key");
            }
            return ServerTls.off();
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new InvalidArgument("Error. --tls-cert and --tls-key go together: give both, or neither for a"
                    + " self-signed certificate");
        }
        return tlsCert == null ? ServerTls.selfSigned() : ServerTls.operator(tlsCert, tlsKey);
    }

    static int parseAttempts(String text) throws InvalidArgument {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 5) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the reference message
        }
        throw new InvalidArgument("Invalid number of allowed failed consecutive attempt: " + text
                + ". The valid value of argument number is an integer between 1 and 5");
    }

    private static int parsePort(String text) throws InvalidArgument {
        long p;
        try {
            p = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgument("Error. Invalid port '" + text + "': expected an integer between 0 and 65535");
        }
        if (p < 0 || p > 65535) {
            throw new InvalidArgument(portOutOfRange(text));
        }
        return (int) p;
    }

    private static String portOutOfRange(String text) {
        return "Error. Invalid port '" + text + "': out of range, expected an integer between 0 and 65535";
    }

    /**
     * The default credentials.txt may be missing (the server starts with the accounts it has), but a file
     * the operator named and that is not there is a mistake: starting anyway would append every new
     * account to a file nobody meant, or fail every registration if its directory is missing.
     */
    private void checkCredentials() throws InvalidArgument {
        boolean named = (spec != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--credentials"))
                || !credentials.equals(Path.of("credentials.txt"));
        if (named && !java.nio.file.Files.exists(credentials)) {
            throw new InvalidArgument("Error. The credentials file " + credentials + " does not exist; create it"
                    + " (it may be empty) or leave out --credentials to use ./credentials.txt");
        }
    }

    private static long parseSeconds(String name, String text, boolean zeroAllowed) throws InvalidArgument {
        try {
            long s = Long.parseLong(text.trim());
            if (s > 0 || (zeroAllowed && s == 0)) {
                return s;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidArgument("Error. Invalid " + name + " '" + text + "': expected a positive number of seconds");
    }

    private void configureLogging() {
        configureLogging((LoggerContext) LoggerFactory.getILoggerFactory(), quiet, verbose);
    }

    /**
     * {@code quiet} silences the line per interaction only; diagnostics (WARN and ERROR, on standard
     * error by logback.xml) stay on whatever the options.
     */
    static void configureLogging(LoggerContext context, boolean quiet, boolean verbose) {
        context.getLogger("parley.console").setLevel(quiet ? Level.OFF : Level.INFO);
        if (verbose) {
            context.getLogger("org.parley").setLevel(Level.DEBUG);
        }
    }

    /** A bad argument, with the exact line to print. */
    static final class InvalidArgument extends Exception {
        InvalidArgument(String message) {
            super(message);
        }
    }
}
