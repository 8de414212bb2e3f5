package org.parley.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.testing.FakeServer;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.Request;

/** A quiet connection proves it is alive with pings; one whose server fell silent is taken for lost. */
class HeartbeatTest {

    static final TestServers SERVERS = new TestServers();
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void helloPromisesTheHeartbeatAndAQuietClientPingsAtIt() throws Exception {
        try (FakeServer server = new FakeServer()) {
            CompletableFuture<ParleyClient> connecting = ParleyClient.connect("127.0.0.1", server.port(), null,
                    ParleyClient.DEFAULT_REQUEST_TIMEOUT, new ReceivedMessages(), ONE_SECOND);
            Request.Hello hello = server.expect(Request.Hello.class);
            assertThat(hello.heartbeat()).isEqualTo(1);
            server.send(new org.parley.protocol.Response.HelloOk(hello.id(), 1, "fake", "UTC"));
            try (ParleyClient client = connecting.get(10, TimeUnit.SECONDS)) {
                assertThat(server.expect(Request.Ping.class).id()).isPositive();
                assertThat(server.expect(Request.Ping.class).id()).isPositive();
            }
        }
    }

    @Test
    void aServerThatFellSilentIsALostConnection() throws Exception {
        try (FakeServer server = new FakeServer()) {
            CompletableFuture<ParleyClient> connecting = ParleyClient.connect("127.0.0.1", server.port(), null,
                    ParleyClient.DEFAULT_REQUEST_TIMEOUT, new ReceivedMessages(), ONE_SECOND);
            server.acceptHello("UTC");
            ParleyClient client = connecting.get(10, TimeUnit.SECONDS);
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            client.addListener(new ClientListener() {
                @Override
                public void onConnectionLost(Throwable cause) {
                    lost.complete(cause);
                }
            });
            // the fake server reads the pings and never answers: after three heartbeats the client gives up
            assertThat(lost.get(10, TimeUnit.SECONDS)).hasMessageContaining("the server sent nothing for 3 s");
            assertThat(client.isOpen()).isFalse();
        }
    }

    @Test
    void aRealServerAnswersEveryPingAndTheConnectionLasts() throws Exception {
        TestServer server = SERVERS.start();
        try (ParleyClient client = ParleyClient.connect("127.0.0.1", server.port(), null,
                ParleyClient.DEFAULT_REQUEST_TIMEOUT, new ReceivedMessages(), ONE_SECOND).get(10, TimeUnit.SECONDS)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> client.heartbeatsAnswered() >= 5);
            assertThat(client.isOpen()).isTrue();
        }
    }
}
