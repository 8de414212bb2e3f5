package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The bus URL an operator writes, and a bus that cannot reach its engine at start: no engine needed. */
class ClusterBusesTest {

    @Test
    void parsesEachEngineWithTheDefaultChannelOrItsOwn() {
        assertThat(BusAddress.parse("nats://127.0.0.1:4222"))
                .isEqualTo(new BusAddress("nats", "127.0.0.1", 4222, "parley"));
        assertThat(BusAddress.parse("redis://cache.example:6380?channel=chat_2"))
                .isEqualTo(new BusAddress("redis", "cache.example", 6380, "chat_2"));
        assertThat(BusAddress.parse("postgres?channel=c1")).isEqualTo(new BusAddress("postgres", null, -1, "c1"));
        assertThat(BusAddress.parse("postgres").channel()).isEqualTo("parley");
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> BusAddress.parse("kafka://h:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nats://HOST:PORT");
        assertThatThrownBy(() -> BusAddress.parse("nats://h")).hasMessageContaining("bad bus URL");
        assertThatThrownBy(() -> BusAddress.parse("redis://h:1/0")).hasMessageContaining("bad bus URL");
        assertThatThrownBy(() -> BusAddress.parse("nats://h:1?channel=a.b")).hasMessageContaining("underscores");
        assertThatThrownBy(() -> BusAddress.parse("nats://h:1?queue=x")).hasMessageContaining("?channel=NAME");
        assertThatThrownBy(() -> BusAddress.parse("postgres?channel=" + "x".repeat(64)))
                .hasMessageContaining("1 to 63");
    }

    @Test
    void postgresNeedsTheNodeToBeOnPostgresql() {
        assertThatThrownBy(() -> ClusterBuses.open("postgres", "n1", "jdbc:sqlite:/var/parley.db", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite");
        assertThatThrownBy(() -> ClusterBuses.open("postgres", "n1", null, null, null))
                .hasMessageContaining("not set");
        EngineBus bus = ClusterBuses.open("postgres", "n1", "jdbc:postgresql://127.0.0.1:1/x", "u", "p");
        assertThat(bus.engine()).isEqualTo("postgres");
        assertThat(bus.maxPayloadBytes()).isEqualTo(5997);
        bus.close();
    }

    @Test
    void startFailsWhenTheEngineDoesNotAnswer() throws IOException {
        int port = Engines.freePort(); // nothing listens there
        for (EngineBus bus : new EngineBus[] {
                ClusterBuses.open("nats://127.0.0.1:" + port, "n1", null, null, null),
                ClusterBuses.open("redis://127.0.0.1:" + port, "n1", null, null, null),
                ClusterBuses.open("postgres", "n1", "jdbc:postgresql://127.0.0.1:" + port + "/x", "u", null)}) {
            assertThatThrownBy(() -> bus.start(new RecordingListener())).as(bus.engine())
                    .isInstanceOf(IOException.class);
            assertThat(bus.connected()).isFalse();
            bus.close();
            bus.close();
        }
    }
}
