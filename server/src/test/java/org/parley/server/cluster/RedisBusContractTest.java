package org.parley.server.cluster;

/** The bus contract over Redis pub/sub (PARLEY_REDIS_URL, e.g. redis://127.0.0.1:6379). */
class RedisBusContractTest extends BusContractTest {

    private String url;

    @Override
    void assumeEngine() {
        url = Engines.redisUrl();
    }

    @Override
    String busUrl(String channel) {
        return Engines.withChannel(url, channel);
    }
}
