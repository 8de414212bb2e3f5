package org.parley.client.session;

import java.util.concurrent.CompletableFuture;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;

/**
 * Opens one connection to the server, hello included. A {@link ChatSession} calls it for its first
 * connection and again for every reconnect, always with the same {@link ReceivedMessages}, so messages
 * the server sends again after a lost connection are dropped by id. How the connection is made (host,
 * port, transport security) is the caller's business, decided once at start.
 */
@FunctionalInterface
public interface ServerConnector {

    CompletableFuture<ParleyClient> connect(ReceivedMessages received);
}
