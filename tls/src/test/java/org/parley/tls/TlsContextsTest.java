package org.parley.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real handshakes over loopback between the contexts Parley builds. */
class TlsContextsTest {

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final TlsIdentity serverId = Certificates.selfSigned("server", Duration.ofDays(1));
    private final TlsIdentity clientId = Certificates.selfSigned("client", Duration.ofDays(1));
    private final TlsIdentity stranger = Certificates.selfSigned("stranger", Duration.ofDays(1));

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aClientPinningTheServersFingerprintGetsTls13() throws Exception {
        Handshakes h = handshake(TlsContexts.server(serverId),
                TlsContexts.client(PinnedTrustManager.of(serverId.fingerprint())));
        assertThat(h.client.get(5, TimeUnit.SECONDS).getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aClientPinningAnotherFingerprintRefusesTheServer() throws Exception {
        Handshakes h = handshake(TlsContexts.server(serverId),
                TlsContexts.client(PinnedTrustManager.of(stranger.fingerprint())));
        assertThat(h.client).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(UnexpectedPeerException.class);
    }

    @Test
    void mutualTlsAcceptsOnlyTheExpectedClient() throws Exception {
        SslContext server = TlsContexts.mutualServer(serverId, PinnedTrustManager.of(clientId.fingerprint()));
        var trustServer = PinnedTrustManager.of(serverId.fingerprint());

        Handshakes good = handshake(server, TlsContexts.mutualClient(clientId, trustServer));
        SSLSession session = good.server.get(5, TimeUnit.SECONDS);
        assertThat(Fingerprint.of((java.security.cert.X509Certificate) session.getPeerCertificates()[0]))
                .isEqualTo(clientId.fingerprint());

        Handshakes bad = handshake(server, TlsContexts.mutualClient(stranger, trustServer));
        assertThat(bad.server).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(UnexpectedPeerException.class);

        Handshakes anonymous = handshake(server, TlsContexts.client(trustServer));
        assertThat(anonymous.server).failsWithin(5, TimeUnit.SECONDS);
    }

    private record Handshakes(CompletableFuture<SSLSession> server, CompletableFuture<SSLSession> client) {
    }

    private Handshakes handshake(SslContext serverContext, SslContext clientContext) throws Exception {
        CompletableFuture<SSLSession> serverDone = new CompletableFuture<>();
        CompletableFuture<SSLSession> clientDone = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = serverContext.newHandler(ch.alloc());
                        ch.pipeline().addLast(ssl);
                        ssl.handshakeFuture().addListener(f -> complete(f, ssl, serverDone));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = clientContext.newHandler(ch.alloc(), "127.0.0.1", port);
                        ch.pipeline().addLast(ssl);
                        ssl.handshakeFuture().addListener(f -> complete(f, ssl, clientDone));
                    }
                }).connect("127.0.0.1", port).sync();
        serverDone.whenComplete((s, e) -> listener.close());
        return new Handshakes(serverDone, clientDone);
    }

    private static void complete(Future<?> f, SslHandler ssl, CompletableFuture<SSLSession> done) {
        if (f.isSuccess()) {
            done.complete(ssl.engine().getSession());
        } else {
            done.completeExceptionally(f.cause());
        }
    }
}
