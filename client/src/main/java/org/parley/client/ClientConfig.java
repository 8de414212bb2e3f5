package org.parley.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.parley.client.servers.ServerAddress;
import org.parley.client.session.ReconnectPolicy;

/** The client's settings after the command line was checked; {@code servers} has one entry at least. */
record ClientConfig(List<ServerAddress> servers, int udpPort, int privatePort, Optional<String> user,
                    Optional<String> password, Path downloadDir, boolean colour, boolean scripted,
                    int datagramBytes, ReconnectPolicy reconnect, TlsOptions tls) {

    @Override
    public String toString() {
        return "ClientConfig[" + servers + ", udpPort=" + udpPort + ", privatePort=" + privatePort
                + ", user=" + user + ", password=" + password.map(p -> "<hidden>").orElse("<prompt>")
                + ", downloadDir=" + downloadDir + ", colour=" + colour + ", scripted=" + scripted
                + ", datagramBytes=" + datagramBytes + ", reconnect=" + reconnect + ", tls=" + tls + "]";
    }
}
