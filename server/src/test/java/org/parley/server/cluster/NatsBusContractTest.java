package org.parley.server.cluster;

/** The bus contract over NATS (PARLEY_NATS_URL, e.g. nats://127.0.0.1:4222). */
class NatsBusContractTest extends BusContractTest {

    private String url;

    @Override
    void assumeEngine() {
        url = Engines.natsUrl();
    }

    @Override
    String busUrl(String channel) {
        return Engines.withChannel(url, channel);
    }
}
