package org.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.parley.server.storage.StoreStatusFixture;

/** The operator port's routing, without a socket. */
class OperatorHandlerTest {

    private final Readiness readiness = new Readiness(new StoreStatusFixture().status());

    private FullHttpResponse get(HttpMethod method, String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(new OperatorHandler(() -> "parley_sessions 0.0\n", readiness));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        FullHttpResponse response = channel.readOutbound();
        channel.finishAndReleaseAll();
        return response;
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() {
        FullHttpResponse response = get(HttpMethod.GET, "/metrics?name=x");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(body(response)).isEqualTo("parley_sessions 0.0\n");
    }

    @Test
    void healthIsOkWhileReadyFollowsReadiness() {
        FullHttpResponse starting = get(HttpMethod.GET, "/ready");
        assertThat(starting.status().code()).isEqualTo(503);
        assertThat(body(starting)).isEqualTo("starting: not accepting connections yet\n");

        readiness.accepting();
        FullHttpResponse ready = get(HttpMethod.GET, "/ready");
        assertThat(ready.status().code()).isEqualTo(200);
        body(ready);

        readiness.draining();
        FullHttpResponse draining = get(HttpMethod.GET, "/ready");
        assertThat(draining.status().code()).isEqualTo(503);
        assertThat(body(draining)).isEqualTo("draining: the server is shutting down\n");
        FullHttpResponse health = get(HttpMethod.GET, "/health");
        assertThat(health.status().code()).isEqualTo(200);
        body(health);
    }

    @Test
    void aScrapeThatFailsIsAnswered500() {
        EmbeddedChannel channel = new EmbeddedChannel(new OperatorHandler(() -> {
            throw new IllegalStateException("registry closed");
        }, readiness));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics"));
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(500);
        assertThat(body(response)).contains("registry closed");
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() {
        FullHttpResponse missing = get(HttpMethod.GET, "/admin");
        assertThat(missing.status().code()).isEqualTo(404);
        body(missing);
        FullHttpResponse post = get(HttpMethod.POST, "/ready");
        assertThat(post.status().code()).isEqualTo(405);
        assertThat(post.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET");
        body(post);
    }
}
