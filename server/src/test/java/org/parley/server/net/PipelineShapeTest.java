package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.core.TestServer;

/** What each connection carries: the dead-connection timer only when there is a timeout to keep. */
class PipelineShapeTest {

    @TempDir
    Path dir;

    @Test
    void theDeadConnectionTimerIsInstalledOnlyWhenATimeoutIsSet() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            NetConfig none = NetConfig.defaults(new InetSocketAddress("127.0.0.1", 0));
            NetConfig thirty = new NetConfig(none.bind(), 10, none.maxPendingBytes(), 30, null);

            NioSocketChannel idle = new NioSocketChannel();
            new ServerPipeline(server.server().core(), none, new ConnectionLimiter(10)).initChannel(idle);
            assertThat(idle.pipeline().names()).doesNotContain(ChannelOutbound.IDLE_HANDLER).contains("core");

            NioSocketChannel timed = new NioSocketChannel();
            new ServerPipeline(server.server().core(), thirty, new ConnectionLimiter(10)).initChannel(timed);
            // right after the wire context, where a heartbeat's timer goes too
            assertThat(timed.pipeline().names()).containsSubsequence(ServerPipeline.WIRE, ChannelOutbound.IDLE_HANDLER, "lines");
            int wire = timed.pipeline().names().indexOf(ServerPipeline.WIRE);
            assertThat(timed.pipeline().names().get(wire + 1)).isEqualTo(ChannelOutbound.IDLE_HANDLER);
        }
    }
}
