package org.parley.client.shell;

import java.time.Duration;
import java.util.Optional;

/**
 * What the command line decided for one shell: credentials given up front (they skip the prompts, and a
 * refusal then ends the client instead of asking again), the ports reported at login, and how long one
 * command may take.
 */
public record ShellSettings(Optional<String> user, Optional<String> password, int udpPort, int privatePort,
                            Duration commandTimeout) {

    @Override
    public String toString() {
        return "ShellSettings[user=" + user + ", password=" + password.map(p -> "<hidden>").orElse("<prompt>")
                + ", udpPort=" + udpPort + ", privatePort=" + privatePort + ", commandTimeout=" + commandTimeout + "]";
    }
}
