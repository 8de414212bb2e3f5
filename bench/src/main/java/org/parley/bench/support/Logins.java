package org.parley.bench.support;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;

/** Connects a headless client and logs it in, registering the account on first use. */
public final class Logins {

    /** Long enough for a production-cost hash behind a queue of other logins. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private Logins() {
    }

    public static CompletableFuture<ParleyClient> login(Endpoint server, EventLoopGroup group, String user, String password) {
        return ParleyClient.connect("127.0.0.1", server.port(), group, REQUEST_TIMEOUT, new ReceivedMessages(),
                        server.security())
                .thenCompose(client -> client.loginUser(user)
                        .thenCompose(prompt -> client.loginPassword(password, 0, 0))
                        .whenComplete((name, error) -> {
                            if (error != null) {
                                client.close();
                            }
                        })
                        .thenApply(name -> client));
    }

    /** A name valid under the protocol's rules, unique per index. */
    public static String user(String prefix, int index) {
        return prefix + index;
    }
}
