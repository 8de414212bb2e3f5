package org.parley.client;

import java.nio.file.Path;
import java.util.Optional;
import org.parley.client.session.ReconnectPolicy;

/** The client's settings after the command line was checked. */
record ClientConfig(String host, int port, int udpPort, int privatePort, Optional<String> user,
                    Optional<String> password, Path downloadDir, boolean colour, boolean scripted,
                    int datagramBytes, ReconnectPolicy reconnect) {

    @Override
    public String toString() {
        return "ClientConfig[" + host + ":" + port + ", udpPort=" + udpPort + ", privatePort=" + privatePort
                + ", user=" + user + ", password=" + password.map(p -> "<hidden>").orElse("<prompt>")
                + ", downloadDir=" + downloadDir + ", colour=" + colour + ", scripted=" + scripted
                + ", datagramBytes=" + datagramBytes + ", reconnect=" + reconnect + "]";
    }
}
