package org.parley.bench.transfer.link;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real bottleneck on this machine: a network namespace joined to this one by a veth pair, with a token
 * bucket filter ({@code tbf}) shaping both ends to one rate, as a slow LAN or an uplink would. The far end's
 * address lives in the namespace, so whatever is sent to it from here leaves through the shaped device, and
 * its drop counter says how much the sender offered beyond what the link carries.
 *
 * <p>Needs root (CAP_NET_ADMIN) and the {@code ip} and {@code tc} tools; {@link #unavailableBecause()} says
 * why not, without changing anything. Names are unique per instance (this process's PID and a counter), and
 * so are addresses (an {@link AddressSlot} held until closed), so that links built at once by two runs (a test
 * and a benchmark) never collide; {@link #close()} removes the namespace (and the veth pair with it) whatever
 * happened. Not thread-safe: one owner sets it up and closes it.
 */
public final class BottleneckLink implements AutoCloseable {
    private static final Pattern DROPS = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+),");

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Shared by every process that builds links on this host (the system's temporary directory). */
    private static final Path SLOT_LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "parley-link-slots");

    private final String namespace;
    private final String hostDevice;
    private final String farDevice;
    private final AddressSlot slot;
    private final InetAddress hostAddress;
    private final InetAddress farAddress;
    private boolean created;

    /**
     * Names from this process's PID and a counter, unique among the links of all running processes; addresses
     * from the {@code slot} this instance holds until it is closed.
     */
    private BottleneckLink(AddressSlot slot, long pid, int instance) throws IOException {
        this.slot = slot;
        this.namespace = "parley-link-" + pid + "-" + instance;
        // Device names are at most 15 characters: "plh", the PID and the counter in base 36, at most 12 more.
        String tag = Long.toString(pid, 36) + "-" + Integer.toString(instance, 36);
        this.hostDevice = "plh" + tag;
        this.farDevice = "plf" + tag;
        this.hostAddress = InetAddress.getByName("10.213." + slot.number() + ".1");
        this.farAddress = InetAddress.getByName("10.213." + slot.number() + ".2");
    }

    /** Null when this process can build a link, else a sentence saying why not (for a skip message). */
    public static String unavailableBecause() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "network namespaces need Linux";
        }
        try {
            if (!"0".equals(run(List.of("id", "-u")).strip())) {
                return "building a network namespace needs root (CAP_NET_ADMIN); this process is not root";
            }
            run(List.of("tc", "-V"));
            run(List.of("ip", "netns", "list"));
            return null;
        } catch (IOException e) {
            return "cannot run ip/tc: " + e.getMessage();
        }
    }

    /**
     * Builds the namespace, the veth pair and a tbf of {@code rate} (tc syntax, e.g. "100mbit") on both ends,
     * with the given burst and queue limit ("32kb", "128kb").
     */
    public static BottleneckLink create(String rate, String burst, String limit) throws IOException {
        String addresses = run(List.of("ip", "-o", "-4", "addr", "show"));
        AddressSlot slot = AddressSlot.claim(SLOT_LOCKS, n -> subnetInUse(addresses, n));
        BottleneckLink link;
        try {
            link = new BottleneckLink(slot, ProcessHandle.current().pid(), INSTANCES.incrementAndGet());
        } catch (IOException | RuntimeException e) {
            slot.close();
            throw e;
        }
        try {
            link.build(rate, burst, limit);
            return link;
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private void build(String rate, String burst, String limit) throws IOException {
        run(List.of("ip", "netns", "add", namespace));
        created = true;
        run(List.of("ip", "link", "add", hostDevice, "type", "veth", "peer", "name", farDevice));
        run(List.of("ip", "link", "set", farDevice, "netns", namespace));
        run(List.of("ip", "addr", "add", hostAddress.getHostAddress() + "/24", "dev", hostDevice));
        run(List.of("ip", "link", "set", hostDevice, "up"));
        inNamespace("ip", "addr", "add", farAddress.getHostAddress() + "/24", "dev", farDevice);
        inNamespace("ip", "link", "set", farDevice, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        run(List.of("tc", "qdisc", "add", "dev", hostDevice, "root", "tbf", "rate", rate, "burst", burst,
                "limit", limit));
        inNamespace("tc", "qdisc", "add", "dev", farDevice, "root", "tbf", "rate", rate, "burst", burst,
                "limit", limit);
    }

    /** Whether {@code ip -o -4 addr show} output has an address in slot {@code n}'s subnet. */
    static boolean subnetInUse(String ipAddrOutput, int n) {
        return Pattern.compile("\\binet 10\\.213\\." + n + "\\.\\d+/").matcher(ipAddrOutput).find();
    }

    /** The network namespace's name. */
    public String namespace() {
        return namespace;
    }

    /** The names of the veth pair's ends: this side's, then the far side's (inside the namespace). */
    List<String> devices() {
        return List.of(hostDevice, farDevice);
    }

    /** The address of this side of the link (in this process's namespace). */
    public InetAddress hostAddress() {
        return hostAddress;
    }

    /** The address of the far side, inside the namespace. */
    public InetAddress farAddress() {
        return farAddress;
    }

    /** The command prefix that runs a program inside the namespace. */
    public List<String> inNamespacePrefix() {
        return List.of("ip", "netns", "exec", namespace);
    }

    /** What the shaper on this side (towards the namespace) has sent and dropped so far. */
    public QdiscCounters towardsFar() throws IOException {
        return parse(run(List.of("tc", "-s", "qdisc", "show", "dev", hostDevice)));
    }

    /** What the shaper on the far side (towards this one) has sent and dropped so far. */
    public QdiscCounters towardsHost() throws IOException {
        List<String> command = new ArrayList<>(inNamespacePrefix());
        command.addAll(List.of("tc", "-s", "qdisc", "show", "dev", farDevice));
        return parse(run(command));
    }

    /** Packets a qdisc passed on and packets it dropped (queue full), since the link was built. */
    public record QdiscCounters(long packets, long dropped) {
        public QdiscCounters minus(QdiscCounters before) {
            return new QdiscCounters(packets - before.packets, dropped - before.dropped);
        }
    }

    static QdiscCounters parse(String tcOutput) throws IOException {
        Matcher m = DROPS.matcher(tcOutput);
        if (!m.find()) {
            throw new IOException("no counters in tc output: " + tcOutput.strip());
        }
        return new QdiscCounters(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    private void inNamespace(String... command) throws IOException {
        List<String> full = new ArrayList<>(inNamespacePrefix());
        full.addAll(List.of(command));
        run(full);
    }

    /**
     * Removes the veth pair, then the namespace, then gives the address slot back. The pair is deleted by name
     * first because the kernel removes the devices of a deleted namespace later, in the background: until then
     * this side's device would still hold the slot's address.
     */
    @Override
    public void close() {
        try {
            if (created) {
                created = false;
                try {
                    run(List.of("ip", "link", "delete", hostDevice));
                } catch (IOException notThere) {
                    // never made, or gone already: the namespace is what matters
                }
                run(List.of("ip", "netns", "delete", namespace));
            }
        } catch (IOException e) {
            System.err.println("could not remove network namespace " + namespace + ": " + e.getMessage());
        } finally {
            try {
                slot.close();
            } catch (IOException e) {
                System.err.println("could not release address slot " + slot.number() + ": " + e.getMessage());
            }
        }
    }

    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (var in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text.strip());
        }
        return text;
    }
}
