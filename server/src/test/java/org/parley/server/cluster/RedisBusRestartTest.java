package org.parley.server.cluster;

import java.nio.file.Path;

/** A private redis-server killed and restarted under two nodes. */
class RedisBusRestartTest extends BrokerRestartTest {

    @Override
    PrivateServer server(Path dir) throws Exception {
        return PrivateServer.redis(dir);
    }

    @Override
    String scheme() {
        return "redis";
    }
}
