package org.parley.e2e.crash;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ServerErrorException;
import org.parley.protocol.Response;

/**
 * One headless client sending as fast as the server answers: broadcasts, room messages, direct
 * messages to offline and online users, each text unique, each outcome written to a ledger. Stops when
 * the connection dies (the crash) or when told to.
 */
final class LoadClient implements Runnable {

    private final ParleyClient client;
    private final String name;
    private final int cycle;
    private final Random random;
    private final Ledgers ledgers;
    private final List<String> offlineUsers;
    private final List<String> onlineUsers;
    private final long roomId;
    private volatile boolean stop;

    LoadClient(ParleyClient client, String name, int cycle, Random random, Ledgers ledgers,
               List<String> offlineUsers, List<String> onlineUsers, long roomId) {
        this.client = client;
        this.name = name;
        this.cycle = cycle;
        this.random = random;
        this.ledgers = ledgers;
        this.offlineUsers = offlineUsers;
        this.onlineUsers = onlineUsers.stream().filter(u -> !u.equals(name)).toList();
        this.roomId = roomId;
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        for (int seq = 0; !stop; seq++) {
            String id = "c" + cycle + "-" + name + "-" + seq;
            int pick = random.nextInt(100);
            boolean alive;
            if (pick < 30) {
                String text = "bcast " + id;
                alive = send(client.broadcast(text), text, ledgers.broadcasts(), Response.BroadcastSent::number);
            } else if (pick < 60) {
                String text = "room " + id;
                alive = send(client.roomMessage(roomId, text), text, ledgers.room(), Response.RoomMessageSent::number);
            } else if (pick < 85) {
                String to = offlineUsers.get(random.nextInt(offlineUsers.size()));
                String text = "dm " + id;
                alive = send(client.message(to, text), text, ledgers.offline(to), r -> r.stored() ? 1 : 0);
            } else {
                String to = onlineUsers.get(random.nextInt(onlineUsers.size()));
                String text = "live " + id;
                alive = send(client.message(to, text), text, ledgers.live(), r -> r.stored() ? 1 : 0);
            }
            if (!alive) {
                return;
            }
        }
    }

    /** False once the connection is gone. */
    private <T> boolean send(CompletableFuture<T> future, String text, Ledger ledger, ToLongFunction<T> number) {
        try {
            T answer = future.get(20, TimeUnit.SECONDS);
            ledger.acknowledged(text, number.applyAsLong(answer));
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServerErrorException) {
                ledger.rejected(text);
                return true;
            }
            ledger.unknown(text);
            return false;
        } catch (TimeoutException e) {
            ledger.unknown(text);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ledger.unknown(text);
            return false;
        }
    }

    /** Every ledger of one test run, shared by the load clients. */
    record Ledgers(Ledger broadcasts, Ledger room, Map<String, Ledger> offlineByRecipient, Ledger live) {
        Ledger offline(String recipient) {
            return offlineByRecipient.get(recipient);
        }
    }
}
