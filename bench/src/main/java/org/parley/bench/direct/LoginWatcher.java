package org.parley.bench.direct;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import org.parley.bench.support.Bytes;
import org.parley.bench.support.LeanLogin;

/**
 * A lean user on the senders' node that counts the logins announced to it. A user registered on
 * another node is unknown here until that node's news of the account arrives over the bus (an
 * "Invalid user" answer until then); the same node announces the login after the account, in order,
 * so once this node has announced every recipient's login, it knows every recipient. Lines are
 * counted on the watcher's event loop only.
 */
final class LoginWatcher implements LeanLogin.Lines {

    private static final byte[] LOGGED_IN = Bytes.ascii("{\"type\":\"user-logged-in\"");

    private final int expected;
    private final CompletableFuture<Void> all = new CompletableFuture<>();
    private int seen;

    LoginWatcher(int expected) {
        this.expected = expected;
        if (expected == 0) {
            all.complete(null);
        }
    }

    @Override
    public void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length) {
        if (Bytes.regionMatches(buf, from, LOGGED_IN) && ++seen >= expected) {
            all.complete(null);
        }
    }

    /** Completes once {@code expected} logins were announced. */
    CompletableFuture<Void> all() {
        return all;
    }
}
