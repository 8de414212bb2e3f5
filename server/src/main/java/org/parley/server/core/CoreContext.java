package org.parley.server.core;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.server.storage.Store;

/**
 * What every feature service shares: the in-memory state (presence, accounts, blocks), the store, the
 * clock and the core thread. Everything here is touched on the core thread only.
 */
final class CoreContext {

    final CoreConfig config;
    final Store store;
    final Clock clock;
    final Executor coreThread;
    final Presence presence;
    final Map<String, String> accounts = new HashMap<>();
    final BlockList blocks;
    final UserLogFeed userLog;
    final InteractionLog console;
    final Fanout fanout;
    private final FrameCodec<Frame> codec = FrameCodec.frames();

    CoreContext(CoreConfig config, Store store, Clock clock, Executor coreThread, Presence presence, BlockList blocks,
            UserLogFeed userLog, InteractionLog console, Fanout fanout) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.coreThread = coreThread;
        this.presence = presence;
        this.blocks = blocks;
        this.userLog = userLog;
        this.console = console;
        this.fanout = fanout;
    }

    long now() {
        return clock.millis();
    }

    boolean exists(String user) {
        return accounts.containsKey(user);
    }

    /** Serialised once; the same bytes go to every recipient. */
    EncodedFrame encode(Event event) {
        return new EncodedFrame(codec.encode(event));
    }

    /** One event to many sessions, encoded once and written in one batch per I/O thread. */
    void fanOut(Event event, List<Outbound> recipients) {
        if (!recipients.isEmpty()) {
            fanout.send(encode(event), recipients);
        }
    }

    /** Continues on the core thread once the store has answered. */
    <T> void then(CompletableFuture<T> future, BiConsumer<T, Throwable> onCore) {
        future.whenCompleteAsync(onCore, coreThread);
    }
}
