package org.parley.server.cluster;

import java.nio.file.Path;

/** A private nats-server killed and restarted under two nodes. */
class NatsBusRestartTest extends BrokerRestartTest {

    @Override
    PrivateServer server(Path dir) throws Exception {
        return PrivateServer.nats(dir);
    }

    @Override
    String scheme() {
        return "nats";
    }
}
