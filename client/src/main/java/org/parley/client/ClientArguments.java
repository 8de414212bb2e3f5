package org.parley.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.client.servers.ServerAddress;
import org.parley.client.session.ReconnectPolicy;
import org.parley.transfer.TransferConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of SPEC 1.2: {@code [[SERVER_IP] SERVER_PORT [CLIENT_UDP_PORT]]} and the options,
 * among them {@code --server HOST[:PORT]} (repeated or a comma list) for the nodes of a cluster.
 * Bad values become a {@link ParameterException}: a clear message and the usage, never a stack trace.
 */
@Command(name = "parley client", mixinStandardHelpOptions = true, versionProvider = ClientArguments.Version.class,
        sortOptions = false,
        description = "Chat with a Parley server: messages, broadcasts, separate rooms, private chats, uploads.",
        footer = {"", "The password can also come from the environment variable " + ClientArguments.PASSWORD_ENV + "."})
final class ClientArguments {

    static final String PASSWORD_ENV = "PARLEY_PASSWORD";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 12000;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(s|m|min|h)?", Pattern.CASE_INSENSITIVE);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..3", paramLabel = "ARG",
            description = {"[[SERVER_IP] SERVER_PORT [CLIENT_UDP_PORT]]: one value is the port of a server on "
                    + DEFAULT_HOST + "; SERVER_IP may be a comma list of hosts on that port; the UDP port receives"
                    + " uploads (default: any free port). Defaults: " + DEFAULT_HOST + " " + DEFAULT_PORT + "."})
    List<String> positionals = new ArrayList<>();

    @Option(names = {"-s", "--server"}, paramLabel = "HOST[:PORT]",
            description = {"A server to connect to (port " + DEFAULT_PORT + " unless given; IPv6 in brackets)."
                    + " Repeat it, or give a comma list, for the nodes of a cluster: the client starts at a random"
                    + " one and, when it loses it, goes on to the next. A name that resolves to several addresses"
                    + " stands for all of them. Not combined with SERVER_IP SERVER_PORT."})
    List<String> servers = new ArrayList<>();

    @Option(names = "--udp-port", paramLabel = "N",
            description = "UDP port that receives uploads, as CLIENT_UDP_PORT (default 0: any free port).")
    Integer udpPortOption;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "Log in as NAME without the Username prompt.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE instead of prompting.")
    Path passwordFile;

    @Option(names = "--download-dir", paramLabel = "DIR", description = "Where received files go (default: the working directory).")
    Path downloadDir;

    @Option(names = "--no-color", description = "No colour in the terminal.")
    boolean noColour;

    @Option(names = "--script", description = "Scripted mode even on a terminal: plain lines, no command prompt.")
    boolean script;

    @Option(names = "--private-port", paramLabel = "N", description = "TCP port for private-chat links (default 0: any).")
    int privatePort;

    @CommandLine.Mixin
    org.parley.client.shell.ShellOptions shellOptions = new org.parley.client.shell.ShellOptions();

    @Option(names = "--datagram-size", paramLabel = "BYTES", defaultValue = "1472",
            description = "UDP payload per upload datagram, header included (default: ${DEFAULT-VALUE}, which fits "
                    + "a 1500-byte Ethernet MTU; larger only on networks known to carry it).")
    int datagramBytes;

    @Option(names = "--no-reconnect", description = "Exit (status 1) when the connection to the server is lost,"
            + " instead of logging in again by itself.")
    boolean noReconnect;

    @Option(names = "--reconnect-for", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to keep trying to reconnect after the connection is lost, then exit (status 1):"
                    + " e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    String reconnectFor;

    @Option(names = "--server-fingerprint", paramLabel = "SHA256:...",
            description = "Trust only the server certificate with this fingerprint (as the server prints it at start)."
                    + " Repeat it for a cluster whose nodes have keys of their own: any of them is trusted.")
    List<String> serverFingerprints = new ArrayList<>();

    @Option(names = "--tls-ca", paramLabel = "PEM",
            description = "Also trust the certificate authorities in this PEM file (a private CA).")
    Path tlsCa;

    @Option(names = "--known-servers", paramLabel = "FILE",
            description = "Where the fingerprints of servers seen before are kept (default: ~/.parley/known_servers).")
    Path knownServers;

    @Option(names = "--no-tls", description = "Connect over plain TCP: the password and every message in clear. "
            + "Only for a server run with --no-tls on a network you trust.")
    boolean noTls;

    /** Checks everything and resolves the password from the file or {@code env}. */
    ClientConfig toConfig(Map<String, String> env, boolean interactive) {
        if (positionals.size() > 3) {
            throw usage("Error. Too many arguments: expected [[SERVER_IP] SERVER_PORT [CLIENT_UDP_PORT]]");
        }
        if (!servers.isEmpty() && !positionals.isEmpty()) {
            throw usage("Error. Give the servers either with --server or as SERVER_IP SERVER_PORT, not both"
                    + " (the UDP port then goes with --udp-port)");
        }
        List<ServerAddress> addresses = new ArrayList<>();
        int udpPort = 0;
        if (!servers.isEmpty()) {
            for (String value : servers) {
                addresses.addAll(serverList(value, DEFAULT_PORT));
            }
        } else if (positionals.size() == 1) {
            addresses.add(new ServerAddress(DEFAULT_HOST, port("server port", positionals.get(0), 1)));
        } else if (positionals.size() >= 2) {
            int port = port("server port", positionals.get(1), 1);
            addresses.addAll(serverList(host(positionals.get(0)), port));
        } else {
            addresses.add(new ServerAddress(DEFAULT_HOST, DEFAULT_PORT));
        }
        if (positionals.size() == 3) {
            udpPort = port("client UDP port", positionals.get(2), 1);
        }
        if (udpPortOption != null) {
            if (positionals.size() == 3) {
                throw usage("Error. The UDP port is given twice: as CLIENT_UDP_PORT and with --udp-port");
            }
            udpPort = port("client UDP port", Integer.toString(udpPortOption), 0);
        }
        if (privatePort < 0 || privatePort > 65535) {
            throw usage("Error. Invalid private port: " + privatePort + " (a number from 0 to 65535)");
        }
        if (datagramBytes < TransferConfig.MIN_DATAGRAM_BYTES || datagramBytes > TransferConfig.MAX_DATAGRAM_BYTES) {
            throw usage("Error. Invalid datagram size: " + datagramBytes + " (a number from "
                    + TransferConfig.MIN_DATAGRAM_BYTES + " to " + TransferConfig.MAX_DATAGRAM_BYTES + ")");
        }
        if (user != null && !org.parley.protocol.Validation.isValidUsername(user)) {
            throw usage("Error. Invalid user name: " + user);
        }
        shellOptions.check(spec.commandLine());
        Path downloads = downloadDir == null ? Path.of("").toAbsolutePath() : downloadDir.toAbsolutePath();
        if (!Files.isDirectory(downloads)) {
            throw usage("Error. Download directory does not exist: " + downloads);
        }
        return new ClientConfig(List.copyOf(new java.util.LinkedHashSet<>(addresses)), udpPort, privatePort, Optional.ofNullable(user), password(env),
                downloads, !noColour, script || !interactive, datagramBytes, reconnectPolicy(), tls());
    }

    private ReconnectPolicy reconnectPolicy() {
        if (noReconnect) {
            return ReconnectPolicy.never();
        }
        Matcher m = DURATION.matcher(reconnectFor.strip());
        if (!m.matches()) {
            throw usage("Error. Invalid reconnect duration: '" + reconnectFor + "' (a number with s, m or h, e.g. 90s)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw usage("Error. Invalid reconnect duration: '" + reconnectFor + "' (too large)");
        }
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        long limit = unit.startsWith("h") ? 24 * 7 : unit.startsWith("m") ? 60 * 24 * 7 : 3600 * 24 * 7;
        if (amount > limit) {
            throw usage("Error. Invalid reconnect duration: '" + reconnectFor + "' (at most a week)");
        }
        Duration total = unit.startsWith("h") ? Duration.ofHours(amount)
                : unit.startsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        return ReconnectPolicy.defaults().withGiveUpAfter(total);
    }

    private TlsOptions tls() {
        if (noTls && (!serverFingerprints.isEmpty() || tlsCa != null)) {
            throw usage("Error. --no-tls cannot be combined with --server-fingerprint or --tls-ca");
        }
        List<org.parley.tls.Fingerprint> pins = new ArrayList<>();
        for (String value : serverFingerprints) {
            try {
                pins.add(org.parley.tls.Fingerprint.parse(value));
            } catch (IllegalArgumentException e) {
                throw usage("Error. Invalid --server-fingerprint: " + e.getMessage());
            }
        }
        if (tlsCa != null && !Files.isReadable(tlsCa)) {
            throw usage("Error. Cannot read the CA file: " + tlsCa);
        }
        return new TlsOptions(!noTls, List.copyOf(pins), Optional.ofNullable(tlsCa),
                knownServers != null ? knownServers : org.parley.client.connection.KnownServers.defaultFile());
    }

    private Optional<String> password(Map<String, String> env) {
        if (passwordFile != null) {
            try {
                List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    throw usage("Error. The password file is empty: " + passwordFile);
                }
                return Optional.of(lines.get(0).strip());
            } catch (IOException e) {
                throw usage("Error. Cannot read the password file: " + passwordFile);
            }
        }
        return Optional.ofNullable(env.get(PASSWORD_ENV)).filter(p -> !p.isEmpty());
    }

    /** {@code value} as {@code HOST[:PORT][,HOST[:PORT]...]}, each without a port on {@code port}. */
    private List<ServerAddress> serverList(String value, int port) {
        try {
            return ServerAddress.parseList(value, port);
        } catch (IllegalArgumentException e) {
            throw usage("Error. Invalid server: '" + value + "': " + e.getMessage());
        }
    }

    private String host(String value) {
        if (value.isBlank() || org.parley.protocol.Validation.hasControlCharacter(value) || value.contains(" ")) {
            throw usage("Error. Invalid server address: '" + value + "'");
        }
        return value;
    }

    private int port(String what, String value, int min) {
        try {
            int port = Integer.parseInt(value);
            if (port >= min && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw usage("Error. Invalid " + what + ": " + value + " (a number from " + min + " to 65535)");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // the same line as the server's, so the two can be compared at a glance
            return new String[] {org.parley.protocol.ParleyVersion.line()};
        }
    }
}
