package org.parley.server.cluster;

/** The bus contract over PostgreSQL LISTEN/NOTIFY (PARLEY_PG_URL, PARLEY_PG_USER, PARLEY_PG_PASSWORD). */
class PostgresBusContractTest extends BusContractTest {

    private String url;

    @Override
    void assumeEngine() {
        url = Engines.pgUrl();
    }

    @Override
    String busUrl(String channel) {
        return "postgres?channel=" + channel;
    }

    @Override
    String dbUrl() {
        return url;
    }

    @Override
    String dbUser() {
        return Engines.pgUser();
    }

    @Override
    String dbPassword() {
        return Engines.pgPassword();
    }
}
