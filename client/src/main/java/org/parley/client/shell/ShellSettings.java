package org.parley.client.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the command line decided for one shell: credentials given up front (they skip the prompts, and a
 * refusal then ends the client instead of asking again), the ports reported at login, and how long one
 * command may take.
 */
public record ShellSettings(Optional<String> user, Optional<String> password, int udpPort, int privatePort,
                            Duration commandTimeout, Path downloadDir, int datagramBytes) {

    /** The same settings with the ports actually bound (0 asks the system for any free port). */
    ShellSettings withPorts(int udp, int privateChat) {
        return new ShellSettings(user, password, udp, privateChat, commandTimeout, downloadDir, datagramBytes);
    }

    @Override
    public String toString() {
        return "ShellSettings[user=" + user + ", password=" + password.map(p -> "<hidden>").orElse("<prompt>")
                + ", udpPort=" + udpPort + ", privatePort=" + privatePort + ", commandTimeout=" + commandTimeout + ", downloadDir=" + downloadDir + ", datagramBytes=" + datagramBytes + "]";
    }
}
